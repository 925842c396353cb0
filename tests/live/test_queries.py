"""How often the live pages ask the database: under load every statement waits for the loop.

Each page is fetched with an empty identity map, as a request of its own would start.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.live import phase_control, state
from facilitator.live.models import LiveState
from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import Phase
from tests.live.conftest import http_client
from tests.queries import reading, statements


def into_group_work(live, started: bool) -> None:
    """Group work started from the agenda (a live state row), or set without one."""
    if started:
        phase_control.start_item(live.session, live.items[2], live.owner)
    else:
        live.session.phase = Phase.group_work
        db.session.commit()


def fetch(client, path: str) -> list[str]:
    """The statements one GET of the page runs, starting from an empty identity map."""
    db.session.remove()
    with statements() as seen:
        response = client.get(path)
    assert response.status_code == 200
    return seen


@pytest.mark.parametrize("started", [True, False], ids=["started", "set by hand"])
def test_the_live_dashboard_in_group_work_reads_the_database_at_most_eleven_times(
    app, live, started
):
    into_group_work(live, started)
    client = http_client(app, live.owner)
    seen = fetch(client, f"/sessions/{live.session.id}/live")
    # The moderator (its login checked on every request), the session with its groups, the
    # people who joined (whether it may go back to preparation), the live state with its item,
    # the agenda, members, last edits, the template's sections, progress, votes, survey answers.
    assert len(seen) <= 11, "\n".join(seen)
    assert len(set(seen)) == len(seen), "a statement is repeated"


@pytest.mark.parametrize("started", [True, False], ids=["started", "set by hand"])
def test_the_projector_in_group_work_reads_the_database_at_most_six_times(app, live, started):
    into_group_work(live, started)
    seen = fetch(app.test_client(), f"/p/{live.session.projector_token}")
    # The session with its groups, the live state with its item, the sections, progress, and
    # for the designed screen the band's logos and the join bar's count of who has joined.
    assert len(seen) <= 6, "\n".join(seen)
    assert len(set(seen)) == len(seen), "a statement is repeated"
    assert reading(seen, "agenda_items") == []


def test_the_progress_board_reads_the_database_at_most_six_times(app, live):
    into_group_work(live, started=True)
    client = http_client(app, live.owner)
    seen = fetch(client, f"/w/session/{live.session.id}/progress")
    assert len(seen) <= 6, "\n".join(seen)
    assert reading(seen, "model_templates") == []


@pytest.mark.parametrize("started", [True, False], ids=["started", "set by hand"])
def test_the_live_state_is_read_once_per_request(app, live, started):
    into_group_work(live, started)
    moderator = http_client(app, live.owner)
    assert len(reading(fetch(moderator, f"/sessions/{live.session.id}/live"), "live_states")) == 1
    projector = app.test_client()
    assert len(reading(fetch(projector, f"/p/{live.session.projector_token}"), "live_states")) == 1


def test_a_missing_live_state_is_looked_for_once_in_a_request(app, live):
    with app.test_request_context(), statements() as seen:
        assert state.stored_state(live.session) is None
        assert state.current_item(live.session) is None
        assert state.view_key(live.session) == "lobby::"
        assert state.timer_payload(live.session, now=0)["state"] == "stopped"
    assert len(reading(seen, "live_states")) == 1


def test_a_live_state_created_later_in_the_request_is_seen(app, live, clock):
    with app.test_request_context():
        assert state.current_item(live.session) is None
        phase_control.start_item(live.session, live.items[1], live.owner)
        assert state.current_item(live.session) == live.items[1]
        assert state.timer_payload(live.session)["state"] == "running"


def test_a_live_state_added_to_the_session_after_a_read_is_seen(app, live):
    with app.test_request_context():
        assert state.stored_state(live.session) is None
        row = LiveState(session_id=live.session.id, current_item_id=live.items[0].id)
        db.session.add(row)
        assert state.stored_state(live.session) is row
        assert state.current_item(live.session) == live.items[0]


def test_what_a_request_read_is_forgotten_when_it_ends(app, live):
    session_id = live.session.id
    with app.test_request_context():
        assert state.stored_state(live.session) is None
    # Another process creates the row between two requests.
    with db.engine.begin() as connection:
        connection.execute(
            sa.insert(LiveState).values(
                session_id=session_id,
                current_item_id=live.items[1].id,
                timer_state="stopped",
                timer_remaining_ms=0,
                timer_duration_ms=0,
                timer_label="",
            )
        )
    db.session.remove()
    with app.test_request_context():
        session = db.session.get(DesignSession, session_id)
        assert state.current_item(session).title == "Профессиональное самоопределение учащихся"
