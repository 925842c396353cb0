"""QR codes of the join link: SVG for the share page, PNG for slides."""

from __future__ import annotations

from facilitator.joining.qr import qr_png, qr_svg

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_qr_svg_is_a_scalable_svg_with_a_path():
    svg = qr_svg("http://localhost/j/482915").decode()
    assert svg.startswith("<?xml")
    assert "<svg" in svg and 'viewBox="' in svg
    assert "<path" in svg


def test_qr_endpoint_serves_the_svg_of_the_join_url(client, make_session):
    session = make_session()
    response = client.get(f"/s/{session.join_code}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    body = response.get_data(as_text=True)
    assert "<svg" in body and "<path" in body
    # The same URL always gives the same modules, so this proves what the code encodes.
    expected = qr_svg(f"http://localhost/j/{session.join_code}").decode()
    assert _path(body) == _path(expected)
    assert _path(body) != _path(qr_svg("http://localhost/j/000000").decode())


def test_qr_encodes_the_public_url_when_set(app, client, make_session):
    app.config["PUBLIC_URL"] = "https://sessions.example.org"
    session = make_session()
    body = client.get(f"/s/{session.join_code}/qr.svg").get_data(as_text=True)
    assert _path(body) == _path(
        qr_svg(f"https://sessions.example.org/j/{session.join_code}").decode()
    )


def test_qr_png_downloads_for_slides(client, make_session):
    session = make_session()
    response = client.get(f"/s/{session.join_code}/qr.png?download=1")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.get_data().startswith(PNG_SIGNATURE)
    assert "attachment" in response.headers["Content-Disposition"]
    assert qr_png("http://localhost/j/1").startswith(PNG_SIGNATURE)


def test_qr_of_an_unknown_code_is_not_found(client):
    assert client.get("/s/999999/qr.svg").status_code == 404


def _path(svg: str) -> str:
    """The drawing of the dark modules, without the title."""
    start = svg.index('<path stroke="#000"')  # the other path is the light background
    return svg[start : svg.index("/>", start)]
