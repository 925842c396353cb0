"""A walk-in whose name or organisation breaks the line is refused next to the field."""

from __future__ import annotations

import pytest

from tests.door.conftest import people
from tests.one_line import BROKEN_LINES, ONE_LINE_EN, assert_said_next_to


@pytest.fixture
def app(any_backend_app):
    """Every fixture of these tests on SQLite and on PostgreSQL in turn."""
    return any_backend_app


@pytest.mark.parametrize("name", BROKEN_LINES)
def test_a_walk_in_name_with_a_tab_or_line_break_saves_nobody(moderator_client, session, name):
    response = moderator_client.post(
        f"/sessions/{session.id}/door/checkin/walk-in", data={"full_name": name}
    )
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), "full_name", ONE_LINE_EN)
    assert people(session) == []


@pytest.mark.parametrize("field", ["organisation", "position", "city"])
def test_the_walk_in_s_other_fields_stay_on_one_line(moderator_client, session, field):
    response = moderator_client.post(
        f"/sessions/{session.id}/door/checkin/walk-in",
        data={"full_name": "Смирнов Олег", field: "ДДТ\nПетроградского района"},
    )
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), field, ONE_LINE_EN)
    assert people(session) == []
