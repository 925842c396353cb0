"""A token's name stays on one line, sent as a form or as a JSON body; the API reads no forms.

The JSON API only reads: the forms it shares with the pages are the tokens page's.
"""

from __future__ import annotations

import pytest

from facilitator.api.models import ApiToken
from facilitator.extensions import db
from tests.one_line import BROKEN_LINES, ONE_LINE_RU, assert_said_next_to

PAGE = "/account/api-tokens/"


@pytest.fixture
def app(any_backend_app):
    """Every fixture of these tests on SQLite and on PostgreSQL in turn."""
    return any_backend_app


def count_tokens() -> int:
    return db.session.scalar(db.select(db.func.count(ApiToken.id)))


@pytest.mark.parametrize("name", BROKEN_LINES)
def test_a_token_name_with_a_tab_or_line_break_is_refused(moderator_client, name):
    response = moderator_client.post(PAGE, data={"name": name})
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), "name", ONE_LINE_RU)
    assert count_tokens() == 0


def test_a_token_name_sent_as_json_is_checked_the_same_way(moderator_client):
    response = moderator_client.post(PAGE, json={"name": "Отчёт\tИМЦ"})
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), "name", ONE_LINE_RU)
    assert count_tokens() == 0


def test_a_token_name_is_trimmed(moderator_client):
    response = moderator_client.post(PAGE, data={"name": "  Отчёт ИМЦ\n"})
    assert response.status_code == 201
    assert db.session.scalar(db.select(ApiToken.name)) == "Отчёт ИМЦ"
