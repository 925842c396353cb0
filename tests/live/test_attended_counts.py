"""The hall's counts (projector, moderator's dashboard) leave out pre-registered no-shows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask

from facilitator.door import checkin
from facilitator.live import dashboard, progress_push, projector_extras
from facilitator.realtime import page_data
from facilitator.sessions.models import DesignSession, Participant

NOW = dt.datetime(2023, 3, 27, 10, 55, tzinfo=dt.UTC)


@pytest.fixture
def app(any_backend_app):
    """SQLite and PostgreSQL: the count is a query."""
    return any_backend_app


@pytest.fixture
def hall(make_session, make_participant) -> tuple[DesignSession, list[Participant]]:
    """Four who came (two in group 1, one checked-in import in group 2, one without a group)
    and two pre-registered people who never came (one in group 2, one without a group)."""
    session = make_session(groups=2, phase="lobby")
    first, second = session.groups
    no_shows = [
        make_participant(session, second, source="import", device_id=None),
        make_participant(session, None, source="import", device_id=None),
    ]
    make_participant(session, first)
    make_participant(session, first, source="walk_in", arrived_at=NOW)
    make_participant(session, second, source="import", device_id=None, arrived_at=NOW)
    make_participant(session, None)
    return session, no_shows


def test_the_projector_counts_only_people_who_came(app: Flask, hall):
    session, _no_shows = hall
    response = app.test_client().get(f"/p/{session.projector_token}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert re.search(r'<span class="pj-joined-num">4</span>', text)
    assert "4 участника" in text  # the join bar
    assert projector_extras.extras(session).participants == 4


def test_the_dashboard_counts_only_people_who_came(app: Flask, hall):
    session, _no_shows = hall
    first, second = session.groups
    assert dashboard.counts(session) | {"online": None} == {
        "participants": 4,
        "by_group": {str(first.id): 2, str(second.id): 1},
        "unassigned": 1,
        "online": None,
    }
    board = dashboard.dashboard(session)
    assert (board.participants, board.unassigned) == (4, 1)
    assert [line.members for line in board.groups] == [2, 1]


def test_the_dashboard_page_shows_the_count_of_people_who_came(
    app: Flask, hall, moderator, login, client
):
    session, _no_shows = hall
    login(moderator)
    text = client.get(f"/sessions/{session.id}/live").get_data(as_text=True)
    assert '<p class="dash-total"><strong>4 участника</strong>' in text
    assert "1 человек без группы" in text


def test_a_no_show_online_on_their_invitation_is_not_a_phone_in_the_hall(
    app: Flask, hall, monkeypatch
):
    session, no_shows = hall
    came = [p.id for p in session.participants if p.attended]
    online = {no_shows[0].id, came[0], came[1]}
    watchers = app.extensions["facilitator_live"]
    monkeypatch.setattr(watchers, "online_participants", lambda session_id: online)
    assert dashboard.online_participants(session) == 2
    assert dashboard.counts(session)["online"] == 2


def test_the_groups_progress_board_counts_only_members_who_came(app: Flask, hall):
    session, _no_shows = hall
    board = page_data.progress_page(session)
    assert [line["members"] for line in board["groups"]] == [2, 1]


def test_a_check_in_at_the_door_has_the_hall_counted_again(app: Flask, hall, monkeypatch):
    session, no_shows = hall
    recounted: list[int] = []
    monkeypatch.setattr(progress_push, "watchers_changed", recounted.append)
    checkin.check_in(session, no_shows[0])
    assert recounted == [session.id]
    assert dashboard.counts(session)["participants"] == 5
