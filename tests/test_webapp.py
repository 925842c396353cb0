"""Favicon, home-screen icons and the web-app manifest, linked from every page."""

from __future__ import annotations

import io

from PIL import Image

from facilitator.webapp import MANIFEST_ID


def image(response) -> Image.Image:
    assert response.status_code == 200
    data = response.get_data()
    response.close()  # a file sent from disk stays open until the response is closed
    return Image.open(io.BytesIO(data))


def test_favicon_answers_200_with_16_32_and_48_pixel_icons(client):
    response = client.get("/favicon.ico")
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert image(response).ico.sizes() == {(16, 16), (32, 32), (48, 48)}


def test_ios_finds_its_180_pixel_icon_at_the_root(client):
    assert image(client.get("/apple-touch-icon.png")).size == (180, 180)


def test_manifest_makes_the_app_installable_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["id"] == MANIFEST_ID
    assert manifest["name"] == "Фасилитатор"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        if icon["type"] == "image/png":
            width, height = image(served).size
            assert f"{width}x{height}" == icon["sizes"]
        else:
            assert served.status_code == 200, icon["src"]
            served.close()


def test_manifest_speaks_the_visitors_language(client):
    manifest = client.get("/manifest.webmanifest?lang=en").get_json()
    assert manifest["name"] == "Facilitator" and manifest["lang"] == "en"


def test_every_kind_of_page_links_the_manifest_and_icons(client, make_session):
    session = make_session()
    for path in ("/", "/login", f"/p/{session.projector_token}", "/no-such-page"):
        page = client.get(path).get_data(as_text=True)
        assert 'rel="manifest" href="/manifest.webmanifest"' in page, path
        assert 'rel="icon" href="/favicon.ico"' in page, path
        assert 'rel="apple-touch-icon" href="/apple-touch-icon.png"' in page, path
