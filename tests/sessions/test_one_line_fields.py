"""Names and titles typed with a tab or a line break are refused next to the field, nothing saved.

On SQLite and on PostgreSQL: the session's details (as a form and as a JSON body), a group's
name, and a participant's registration.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup, DesignSession
from tests.one_line import BROKEN_LINES, ONE_LINE_RU, assert_said_next_to
from tests.sessions.test_joining import participants, registration
from tests.sessions.test_preparation import count_sessions, session_form


@pytest.fixture
def app(any_backend_app):
    """Every fixture of these tests on SQLite and on PostgreSQL in turn."""
    return any_backend_app


@pytest.mark.parametrize("title", BROKEN_LINES)
def test_a_new_session_whose_title_breaks_the_line_is_refused(moderator_client, title):
    response = moderator_client.post("/sessions/new", data=session_form(title=title))
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), "title", ONE_LINE_RU)
    assert count_sessions() == 0


@pytest.mark.parametrize("field", ["venue", "host_organisation", "contact_name", "post_url"])
def test_other_one_line_details_refuse_a_tab_too(moderator_client, field):
    response = moderator_client.post("/sessions/new", data=session_form(**{field: "ИМЦ\tСПб"}))
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), field, ONE_LINE_RU)
    assert count_sessions() == 0


def test_a_session_sent_as_json_is_checked_by_the_same_form(moderator_client):
    response = moderator_client.post("/sessions/new", json=session_form(title="Школа\nи партнёры"))
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), "title", ONE_LINE_RU)
    assert count_sessions() == 0


def test_multi_line_details_take_line_breaks_and_tabs(moderator_client):
    response = moderator_client.post(
        "/sessions/new", data=session_form(officials="Иванова А. А., директор\n\tПетров П. П.")
    )
    assert response.status_code == 302
    session = db.session.scalars(sa.select(DesignSession)).one()
    # The service keeps one person a line, each trimmed.
    assert session.officials == "Иванова А. А., директор\nПетров П. П."


def test_editing_a_title_into_two_lines_changes_nothing(moderator_client, make_session):
    session = make_session()
    before = session.title
    response = moderator_client.post(
        f"/sessions/{session.id}/edit", data=session_form(title="Новое\r\nназвание")
    )
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), "title", ONE_LINE_RU)
    db.session.expire_all()
    assert db.session.get(DesignSession, session.id).title == before


@pytest.mark.parametrize("name", BROKEN_LINES)
def test_a_group_name_that_breaks_the_line_is_refused(moderator_client, make_session, name):
    session = make_session(groups=0)
    response = moderator_client.post(
        f"/sessions/{session.id}/groups", data={"name": name, "capacity": "10"}
    )
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), "name", ONE_LINE_RU)
    assert db.session.scalar(sa.select(sa.func.count(CreativeGroup.id))) == 0


@pytest.mark.parametrize("field", ["full_name", "organisation", "position", "city", "email"])
def test_a_registration_with_a_tab_or_line_break_is_refused(client, make_session, field):
    session = make_session()
    value = "maria\t@example.org" if field == "email" else "Иванова\tМария"
    response = client.post(f"/s/{session.join_code}/register", data=registration(**{field: value}))
    assert response.status_code == 422
    assert_said_next_to(response.get_data(as_text=True), field, ONE_LINE_RU)
    assert participants() == []


def test_a_registered_name_is_trimmed_of_a_pasted_line_break(client, make_session):
    session = make_session()
    response = client.post(
        f"/s/{session.join_code}/register", data=registration(full_name="\tИванова Мария\r\n")
    )
    assert response.status_code == 302
    assert [p.full_name for p in participants()] == ["Иванова Мария"]
