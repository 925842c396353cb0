"""The moderator's API tokens page: make a token (shown once), list, revoke with confirmation."""

from __future__ import annotations

import re

from facilitator.api import tokens
from facilitator.api.models import ApiToken
from facilitator.extensions import db
from tests.api.helpers import PREFIX, bearer

PAGE = "/account/api-tokens/"


def _shown_secret(html: str) -> str | None:
    found = re.search(r'value="(fac_[^"]+)"', html)
    return found.group(1) if found else None


def test_the_page_needs_a_login(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_my_sessions_links_to_the_tokens_page(moderator_client):
    html = moderator_client.get("/sessions/").get_data(as_text=True)

    assert f'href="{PAGE}"' in html


def test_a_new_token_is_shown_once_and_works(moderator_client, moderator):
    response = moderator_client.post(PAGE, data={"name": "Отчёт для ИМЦ"})

    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    secret = _shown_secret(response.get_data(as_text=True))
    assert secret is not None
    stored = db.session.scalar(db.select(ApiToken))
    assert stored.name == "Отчёт для ИМЦ"
    assert stored.token_hash == tokens.hash_token(secret)

    again = moderator_client.get(PAGE).get_data(as_text=True)
    assert _shown_secret(again) is None
    assert secret not in again
    assert "Отчёт для ИМЦ" in again
    assert f"{secret[:8]}…" in again

    api = moderator_client.get(f"{PREFIX}/sessions", headers=bearer(secret))
    assert api.status_code == 200


def test_a_token_without_a_name_is_refused(moderator_client):
    response = moderator_client.post(PAGE, data={"name": "  "})

    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0


def test_revoking_asks_for_confirmation_and_then_locks_the_token_out(
    moderator_client, moderator, client
):
    issued = tokens.issue(moderator, "Скрипт")
    html = moderator_client.get(PAGE).get_data(as_text=True)
    assert f'action="{PAGE}{issued.record.id}/revoke"' in html
    assert 'data-confirm="' in html

    response = moderator_client.post(f"{PAGE}{issued.record.id}/revoke")

    assert response.status_code == 302
    page = moderator_client.get(PAGE).get_data(as_text=True)
    assert "is revoked" in page or "отозван" in page
    assert client.get(f"{PREFIX}/sessions", headers=bearer(issued.secret)).status_code == 401


def test_another_moderators_token_cannot_be_revoked(moderator_client, make_moderator):
    other = make_moderator()
    issued = tokens.issue(other, "Чужой")

    response = moderator_client.post(f"{PAGE}{issued.record.id}/revoke")

    assert response.status_code == 404
    assert tokens.authenticate(issued.secret) is not None


def test_revoking_without_the_csrf_token_is_refused(app, moderator_client, moderator):
    issued = tokens.issue(moderator, "Скрипт")
    app.config["WTF_CSRF_ENABLED"] = True

    html = moderator_client.get(PAGE).get_data(as_text=True)
    forged = moderator_client.post(f"{PAGE}{issued.record.id}/revoke")

    assert html.count('name="csrf_token"') >= 3  # logout, revoke, new token
    assert forged.status_code == 400
    assert tokens.authenticate(issued.secret) is not None


def test_the_api_itself_is_exempt_from_csrf(app, client, moderator):
    app.config["WTF_CSRF_ENABLED"] = True
    issued = tokens.issue(moderator, "Скрипт")

    response = client.post(f"{PREFIX}/sessions", headers=bearer(issued.secret))

    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
