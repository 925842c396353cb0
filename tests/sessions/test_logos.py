"""Logos: only whole PNG or JPEG images of sensible size, checked from the bytes; served safely."""

from __future__ import annotations

import io
import secrets
import struct
import zlib

import pytest
import sqlalchemy as sa
from PIL import Image

from facilitator.extensions import db
from facilitator.sessions import logos
from facilitator.sessions.models import SessionLogo


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 95, 191)).save(buffer, format=image_format)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header that announces a huge image without containing it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def upload(client, session, data: bytes, filename: str, content_type: str = "image/png"):
    return client.post(
        f"/sessions/{session.id}/logos",
        data={"file": (io.BytesIO(data), filename, content_type)},
        content_type="multipart/form-data",
    )


def stored() -> list[SessionLogo]:
    return list(db.session.scalars(sa.select(SessionLogo).order_by(SessionLogo.position)))


@pytest.mark.parametrize(
    ("image_format", "mimetype"), [("PNG", "image/png"), ("JPEG", "image/jpeg")]
)
def test_png_and_jpeg_logos_are_stored_with_their_size(
    moderator_client, make_session, image_format, mimetype
):
    session = make_session()
    data = image_bytes(image_format)
    # The claimed name and type are wrong on purpose: only the bytes count.
    response = upload(moderator_client, session, data, "эмблема.bin", "text/plain")
    assert response.status_code == 302
    [logo] = stored()
    assert (logo.mimetype, logo.width, logo.height) == (mimetype, 120, 60)
    assert logo.filename == "эмблема.bin"
    assert logo.data == data


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"Just some text, not an image\n", "logo.png", "Загрузите изображение PNG или JPEG."),
        (SVG, "logo.svg", "Загрузите изображение PNG или JPEG."),
        (SVG, "logo.png", "Загрузите изображение PNG или JPEG."),
        (image_bytes("GIF"), "logo.gif", "Загрузите изображение PNG или JPEG."),
        (image_bytes("PNG")[:-40], "logo.png", "повреждено или загружено не полностью"),
        (
            image_bytes("JPEG", (400, 300))[:400],
            "logo.jpg",
            "повреждено или загружено не полностью",
        ),
        (image_bytes("PNG", (4001, 2)), "wide.png", "не больше 4000×4000"),
        (png_claiming(100_000, 100_000), "bomb.png", "слишком велико"),
        (b"", "empty.png", "Файл пустой."),
    ],
    ids=[
        "text",
        "svg",
        "svg-named-png",
        "gif",
        "truncated-png",
        "truncated-jpeg",
        "too-wide",
        "bomb",
        "empty",
    ],
)
def test_files_that_are_not_whole_png_or_jpeg_are_refused_next_to_the_field(
    moderator_client, make_session, data, filename, message
):
    session = make_session()
    response = upload(moderator_client, session, data, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert stored() == []
    error = page.index('id="file-error"')
    assert message in page[error : error + 300]


def test_a_logo_over_the_configured_size_is_refused(app, moderator_client, make_session):
    app.config["MAX_LOGO_BYTES"] = 1024
    session = make_session()
    data = image_bytes("PNG", (300, 300)) + b"\0" * 2000
    response = upload(moderator_client, session, data, "big.png")
    assert response.status_code == 422
    assert "Файл слишком большой" in response.get_data(as_text=True)
    assert stored() == []


def test_missing_file_is_reported(moderator_client, make_session):
    session = make_session()
    response = moderator_client.post(
        f"/sessions/{session.id}/logos", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "Выберите файл с изображением." in response.get_data(as_text=True)


def test_logos_are_served_publicly_with_safe_headers(moderator_client, make_session, app):
    session = make_session()
    data = image_bytes("JPEG")
    upload(moderator_client, session, data, "logo.jpg")
    [logo] = stored()
    anonymous = app.test_client()
    response = anonymous.get(f"/sessions/{session.id}/logos/{logo.id}")
    assert response.status_code == 200
    assert response.data == data
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    again = anonymous.get(
        f"/sessions/{session.id}/logos/{logo.id}", headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert anonymous.get(f"/sessions/{session.id + 1}/logos/{logo.id}").status_code == 404


def test_logos_are_listed_reordered_and_deleted(moderator_client, make_session):
    session = make_session()
    upload(moderator_client, session, image_bytes("PNG"), "first.png")
    upload(moderator_client, session, image_bytes("JPEG"), "second.jpg")
    page = moderator_client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert page.index("first.png") < page.index("second.jpg")
    assert 'data-confirm="Удалить этот логотип?"' in page
    _first, second = stored()
    moderator_client.post(
        f"/sessions/{session.id}/logos/{second.id}/move", data={"direction": "up"}
    )
    assert [logo.filename for logo in stored()] == ["second.jpg", "first.png"]
    moderator_client.post(f"/sessions/{session.id}/logos/{second.id}/delete")
    assert [(logo.filename, logo.position) for logo in stored()] == [("first.png", 0)]


def test_clean_filename_keeps_only_a_printable_base_name():
    assert logos.clean_filename("../../etc/\x00pass\nwd.png", "image/png") == "passwd.png"
    assert logos.clean_filename("", "image/jpeg") == "logo.jpg"


def test_an_upload_over_the_request_limit_is_answered_with_a_message(
    app, moderator_client, make_session
):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    session = make_session()
    response = upload(moderator_client, session, b"\0" * 4096, "huge.png")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{session.id}")
    page = moderator_client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Файл слишком большой." in page
    assert stored() == []


def test_participant_pages_show_the_organisers_logos_in_order(app, make_session, make_participant):
    session = make_session(phase="voting", host_organisation="ГБОУ СОШ № 496")
    first = logos.add_logo(session, "school.png", image_bytes("PNG", (240, 80)), session.owner)
    second = logos.add_logo(session, "centre.jpg", image_bytes("JPEG", (90, 90)), session.owner)
    participant = make_participant(session, session.groups[0], device_id=secrets.token_urlsafe(24))
    phone = app.test_client()
    phone.set_cookie(app.config["DEVICE_COOKIE_NAME"], participant.device_id)
    code = session.join_code
    for path in (f"/s/{code}/", f"/s/{code}/vote", f"/s/{code}/mic", f"/w/{session.groups[0].id}"):
        page = phone.get(path).get_data(as_text=True)
        strip = page[page.index('class="session-logos"') :]
        assert 'aria-label="Организаторы: ГБОУ СОШ № 496"' in strip[:200], path
        src = f'src="/sessions/{session.id}/logos/'
        assert strip.index(f"{src}{first.id}") < strip.index(f"{src}{second.id}"), path
        assert 'width="240" height="80"' in strip, path


def test_participant_pages_have_no_logo_strip_without_logos(app, make_session, make_participant):
    session = make_session()
    participant = make_participant(session, session.groups[0], device_id=secrets.token_urlsafe(24))
    phone = app.test_client()
    phone.set_cookie(app.config["DEVICE_COOKIE_NAME"], participant.device_id)
    assert "session-logos" not in phone.get(f"/s/{session.join_code}/").get_data(as_text=True)
