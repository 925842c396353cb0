"""Who attended, said once: ``Participant.attended`` in Python and in SQL, and ``arrival()``."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from facilitator import signals
from facilitator.attendance import roll
from facilitator.attendance.hours import arrival
from facilitator.extensions import db
from facilitator.sessions.models import Participant

ARRIVED = dt.datetime(2023, 3, 27, 10, 55, tzinfo=dt.UTC)
JOINED = dt.datetime(2023, 3, 27, 10, 40, tzinfo=dt.UTC)

#: (source, checked in, attended)
PEOPLE = [
    ("join", False, True),
    ("join", True, True),
    ("walk_in", False, True),
    ("walk_in", True, True),
    ("import", False, False),
    ("import", True, True),
]


@pytest.fixture
def app(any_backend_app):
    """SQLite and PostgreSQL: the predicate is SQL too."""
    return any_backend_app


@pytest.fixture
def people(make_session, make_participant) -> dict[int, bool]:
    """Participant id → whether they attended, one of each kind."""
    session = make_session()
    found = {}
    for number, (source, checked_in, attended) in enumerate(PEOPLE):
        person = make_participant(
            session,
            source=source,
            device_id=None if source == "import" else f"d{number}",
            joined_at=JOINED,
            arrived_at=ARRIVED if checked_in else None,
        )
        found[person.id] = attended
    db.session.expire_all()
    return found


def test_the_query_and_python_agree_on_who_attended(app, people):
    in_sql = set(db.session.scalars(sa.select(Participant.id).where(Participant.attended)))
    assert in_sql == {pid for pid, attended in people.items() if attended}
    for pid, attended in people.items():
        assert db.session.get(Participant, pid).attended is attended


def test_arrival_is_set_exactly_for_those_who_attended(app, people):
    for pid, attended in people.items():
        person = db.session.get(Participant, pid)
        came = arrival(person)
        assert (came is not None) is attended
        if came is not None:
            assert came == (ARRIVED if person.arrived_at is not None else JOINED)
            assert came.tzinfo is not None


def test_the_negation_is_sql_too(app, people):
    absent = set(db.session.scalars(sa.select(Participant.id).where(~Participant.attended)))
    assert absent == {pid for pid, attended in people.items() if not attended}


def test_marking_present_and_correcting_times_announce_that_attendance_changed(app, people):
    heard: list[int] = []

    def hear(session_id: int, **_: object) -> None:
        heard.append(session_id)

    absent = db.session.get(Participant, next(pid for pid, came in people.items() if not came))
    with signals.attendance_changed.connected_to(hear):
        roll.mark_present(absent)
        assert absent.attended
        roll.record_times(absent, dt.time(11, 30), dt.time(13, 0))
    assert heard == [absent.session_id, absent.session_id]
