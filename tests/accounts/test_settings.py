"""The account page lists the remembered devices and asks before logging out everywhere."""

from __future__ import annotations

import re

from tests.accounts.helpers import log_in

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


def test_account_page_needs_login(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_account_page_lists_remembered_devices_and_marks_this_one(app, moderator):
    phone = app.test_client()
    phone.post(
        "/login",
        data={"email": moderator.email, "password": "correct horse battery", "remember": "y"},
        headers={"User-Agent": PHONE},
    )
    here = log_in(app, moderator)
    page = here.get("/account/?lang=en").get_data(as_text=True)
    assert "Chrome · Android" in page
    assert page.count("This device") == 1
    assert page.count("Forget") >= 2


def test_log_out_everywhere_asks_first(app, moderator):
    page = log_in(app, moderator).get("/account/").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="/account/logout-everywhere"[^>]*>', page)
    assert form is not None
    assert "data-confirm=" in form.group(0)


def test_every_page_links_to_the_account(app, moderator):
    page = log_in(app, moderator).get("/sessions/").get_data(as_text=True)
    assert 'href="/account/"' in page
