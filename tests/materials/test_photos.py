"""Photos for the post: uploaded on the materials page, checked, resized, printed in the post."""

from __future__ import annotations

import io

from PIL import Image

from facilitator.materials import photos
from facilitator.sessions.models import DesignSession
from tests.materials.helpers import open_docx


def _jpeg(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#2a7").save(buffer, format="JPEG")
    return buffer.getvalue()


def _upload(client, session: DesignSession, data: bytes, name: str = "hall.jpg"):
    return client.post(
        f"/sessions/{session.id}/materials/photos",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_an_uploaded_photo_is_resized_and_goes_into_the_word_pdf_and_html_posts(
    demo_session, use_sources, moderator_client
):
    use_sources(demo_session.sources)
    session = demo_session.session
    page = _upload(moderator_client, session, _jpeg((3000, 2000))).get_data(as_text=True)
    assert "Фотография добавлена в пост." in page
    stored = photos.photos_of(session)
    assert len(stored) == 1 and (stored[0].width, stored[0].height) == (1600, 1067)
    assert f"/sessions/{session.id}/materials/photos/{stored[0].id}.jpg" in page
    base = f"/sessions/{session.id}/materials/download"
    docx = moderator_client.get(f"{base}/post-release").data
    assert len(open_docx(docx).inline_shapes) == 2  # the survey chart and the photo
    html = moderator_client.get(f"{base}/web-post").get_data(as_text=True)
    assert html.count("<img ") == 1 and "data:image/jpeg;base64," in html
    pdf = moderator_client.get(f"{base}/post-release-pdf").data
    assert pdf.count(b"/Subtype /Image") >= 2


def test_a_file_that_is_not_an_image_is_refused_with_the_reason_and_nothing_is_stored(
    demo_session, use_sources, moderator_client
):
    use_sources(demo_session.sources)
    session = demo_session.session
    page = _upload(moderator_client, session, b"<script>alert(1)</script>", "x.jpg")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Фотография не добавлена: Загрузите фотографию в формате JPEG, PNG или WebP." in text
    assert photos.photos_of(session) == []


def test_a_photo_is_removed_after_the_page_asks(demo_session, use_sources, moderator_client):
    use_sources(demo_session.sources)
    session = demo_session.session
    page = _upload(moderator_client, session, _jpeg((400, 300))).get_data(as_text=True)
    assert "data-confirm=" in page
    photo = photos.photos_of(session)[0]
    response = moderator_client.post(
        f"/sessions/{session.id}/materials/photos/{photo.id}/delete", follow_redirects=True
    )
    assert "Фотография удалена из поста." in response.get_data(as_text=True)
    assert photos.photos_of(session) == []
