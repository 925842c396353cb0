"""The API answers the same, and as documented, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from facilitator.api import spec
from tests.api.helpers import PREFIX, assert_matches_document, bearer


@pytest.fixture
def app(any_backend_app):
    """Every fixture of these tests on SQLite and on PostgreSQL in turn."""
    return any_backend_app


def test_every_endpoint_answers_as_documented_on_each_database(client, world, token):
    for path in spec.document()["paths"]:
        url = PREFIX + path.format(
            session_id=world.session.id, group_id=world.groups[0].id, name="group-materials"
        )
        response = client.get(url, headers=bearer(token))
        assert response.status_code == 200, (path, response.get_data(as_text=True))
        assert_matches_document(path, response)
    participants = client.get(
        f"{PREFIX}/sessions/{world.session.id}/participants", headers=bearer(token)
    ).get_json()["items"]
    assert {p["full_name"] for p in participants} >= {"Смирнова Анна Петровна"}
