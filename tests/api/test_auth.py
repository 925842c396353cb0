"""Bearer authentication: who gets in, who gets 401, and whose sessions answer 404."""

from __future__ import annotations

import pytest

from facilitator.api import tokens
from tests.api.helpers import PREFIX, assert_is_error, bearer


def test_no_token_is_401_with_a_bearer_challenge(client, world):
    response = client.get(f"{PREFIX}/sessions/{world.session.id}")

    assert_is_error(response, 401, "missing_token")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Facilitator API"'


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer fac_not-a-real-token", "Bearer a=b", "bearer  fac_x y"],
)
def test_a_malformed_or_wrong_token_is_401_invalid_token(client, world, header):
    response = client.get(f"{PREFIX}/sessions", headers={"Authorization": header})

    assert_is_error(response, 401, "invalid_token")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("header", ["Basic bW9kZXJhdG9yOnBhc3N3b3Jk", "Token fac_x"])
def test_other_schemes_are_401_missing_token(client, header):
    response = client.get(f"{PREFIX}/sessions", headers={"Authorization": header})

    assert_is_error(response, 401, "missing_token")


def test_a_revoked_token_is_401(client, moderator, world):
    issued = tokens.issue(moderator, "Скрипт")
    assert client.get(f"{PREFIX}/sessions", headers=bearer(issued.secret)).status_code == 200

    tokens.revoke(moderator, issued.record.id)

    response = client.get(f"{PREFIX}/sessions", headers=bearer(issued.secret))
    assert_is_error(response, 401, "invalid_token")


def test_a_request_notes_when_the_token_was_last_used(client, moderator):
    issued = tokens.issue(moderator, "Скрипт")

    client.get(f"{PREFIX}/sessions", headers=bearer(issued.secret))

    assert tokens.tokens_of(moderator)[0].last_used_at is not None


def test_another_moderators_token_gets_404_for_the_session_and_all_its_parts(
    client, world, make_token
):
    stranger = bearer(make_token(world.stranger))
    session_id = world.session.id
    paths = [
        f"/sessions/{session_id}",
        f"/sessions/{session_id}/agenda",
        f"/sessions/{session_id}/groups",
        f"/sessions/{session_id}/participants",
        f"/sessions/{session_id}/models",
        f"/sessions/{session_id}/groups/{world.groups[0].id}/model",
        f"/sessions/{session_id}/votes",
        f"/sessions/{session_id}/survey",
        f"/sessions/{session_id}/materials",
        f"/sessions/{session_id}/materials/participants",
    ]
    for path in paths:
        response = client.get(PREFIX + path, headers=stranger)
        assert_is_error(response, 404, "not_found")
        assert "Смирнова" not in response.get_data(as_text=True)
    assert client.get(f"{PREFIX}/sessions", headers=stranger).get_json()["items"] == [
        {
            "id": world.foreign_session.id,
            "title": "Чужая сессия",
            "kind": "design_session",
            "date": "2023-03-27",
            "starts_at": "11:00",
            "ends_at": "14:00",
            "venue": "",
            "phase": "lobby",
            "is_owner": True,
            "counts": {"groups": 2, "participants": 0},
        }
    ]


def test_an_unknown_session_is_404(api):
    assert_is_error(api("/sessions/424242"), 404, "not_found")


def test_a_logged_in_browser_without_a_token_gets_401(moderator_client, world):
    response = moderator_client.get(f"{PREFIX}/sessions/{world.session.id}")

    assert_is_error(response, 401, "missing_token")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Send your API token in the header «Authorization: Bearer <token>»."),
        ("ru", "Передайте токен API в заголовке «Authorization: Bearer <токен>»."),
    ],
)
def test_error_messages_follow_the_chosen_language(client, language, message):
    response = client.get(f"{PREFIX}/sessions?lang={language}")

    assert response.get_json()["message"] == message
