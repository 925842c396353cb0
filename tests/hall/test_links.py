"""Served for the hall, the share page, its QR code and the projector show the phones' address."""

from __future__ import annotations

import pytest

from facilitator.hall import links
from facilitator.joining.qr import qr_svg
from tests.sessions.test_qr import _path

HALL = "http://192.168.1.23:5000"


@pytest.fixture
def hall(app):
    app.config[links.HALL_URL] = HALL
    return app


def share_page(client, session) -> str:
    response = client.get(f"/sessions/{session.id}/share")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def qr_drawing(client, session) -> str:
    response = client.get(f"/s/{session.join_code}/qr.svg")
    assert response.status_code == 200
    return _path(response.get_data(as_text=True))


def test_share_page_and_qr_show_the_hall_address_to_a_moderator_on_localhost(
    hall, moderator_client, make_session
):
    session = make_session()
    page = share_page(moderator_client, session)
    assert f'href="{HALL}/j/{session.join_code}"' in page
    assert f'href="{HALL}/join"' in page
    assert "http://localhost" not in page
    expected = _path(qr_svg(f"{HALL}/j/{session.join_code}").decode())
    assert qr_drawing(moderator_client, session) == expected


def test_projector_lobby_and_join_bar_show_the_hall_address(hall, client, make_session):
    session = make_session()
    page = client.get(f"/p/{session.projector_token}").get_data(as_text=True)
    assert f"{HALL}/join" in page
    assert f"{HALL}/j/{session.join_code}" in page
    assert "http://localhost/" not in page


def test_not_served_for_the_hall_links_follow_the_request(moderator_client, make_session):
    session = make_session()
    page = share_page(moderator_client, session)
    assert f'href="http://localhost/j/{session.join_code}"' in page


def test_public_url_wins_over_the_hall_address(hall, moderator_client, make_session):
    hall.config["PUBLIC_URL"] = "https://sessions.example.org/"
    session = make_session()
    page = share_page(moderator_client, session)
    assert f'href="https://sessions.example.org/j/{session.join_code}"' in page
    assert HALL not in page


def test_behind_a_proxy_the_forwarded_host_wins(hall, client, make_session):
    from werkzeug.middleware.proxy_fix import ProxyFix

    # What create_app does for FACILITATOR_PROXY_HOPS=1.
    hall.config["PROXY_HOPS"] = 1
    hall.config["SERVER_NAME"] = None  # the tests' fixed host would hide the forwarded one
    hall.wsgi_app = ProxyFix(hall.wsgi_app, x_for=1, x_proto=1, x_host=1)
    session = make_session()
    forwarded = {"X-Forwarded-Host": "hall.school.example", "X-Forwarded-Proto": "https"}
    page = client.get(f"/p/{session.projector_token}", headers=forwarded).get_data(as_text=True)
    assert f"https://hall.school.example/j/{session.join_code}" in page
    assert HALL not in page


def test_a_qr_code_seen_before_hall_mode_is_not_kept_by_the_browser(
    app, moderator_client, make_session
):
    session = make_session()
    first = moderator_client.get(f"/s/{session.join_code}/qr.svg")
    assert "no-cache" in first.headers["Cache-Control"]
    again = moderator_client.get(
        f"/s/{session.join_code}/qr.svg", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    app.config[links.HALL_URL] = HALL
    moved = moderator_client.get(
        f"/s/{session.join_code}/qr.svg", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert moved.status_code == 200
    assert _path(moved.get_data(as_text=True)) == _path(
        qr_svg(f"{HALL}/j/{session.join_code}").decode()
    )
