"""Ids from forms, JSON and socket events are checked against what the database can hold; rows
are counted per key in the database."""

from __future__ import annotations

import pytest

from facilitator.database import MAX_ID, as_id, count_by
from facilitator.sessions.models import Participant


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        ("42", 42),
        (" 7 ", 7),
        (MAX_ID, MAX_ID),
        (str(MAX_ID), MAX_ID),
        (MAX_ID + 1, None),
        (str(MAX_ID + 1), None),
        ("9" * 5000, None),
        (0, None),
        (-3, None),
        ("-3", None),
        ("٣", None),
        ("1e3", None),
        (True, None),
        (1.0, None),
        (None, None),
        ([1], None),
    ],
)
def test_as_id_keeps_only_ids_the_database_can_hold(value, expected):
    assert as_id(value) == expected


def test_count_by_counts_the_rows_meeting_the_conditions_per_key(make_session, make_participant):
    session, other = make_session(), make_session()
    first, second = session.groups[0], session.groups[1]
    for group in (first, first, second, None):
        make_participant(session, group)
    make_participant(other, other.groups[0])
    in_session = Participant.session_id == session.id
    assert count_by(Participant.group_id, in_session) == {first.id: 2, second.id: 1, None: 1}
    assert count_by(Participant.group_id, in_session, Participant.group_id.is_not(None)) == {
        first.id: 2,
        second.id: 1,
    }
