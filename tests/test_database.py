"""Ids from forms, JSON and socket events are checked against what the database can hold; rows
are counted per key in the database, listed, set by name and made with their columns' defaults."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.database import MAX_ID, as_id, assign, count_by, listed, with_defaults
from facilitator.engagement.models import EngagementSettings, VotingMode
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


def test_listed_gives_the_rows_in_the_statement_order(make_session, make_participant):
    session = make_session()
    bob = make_participant(session, full_name="Bob")
    alice = make_participant(session, full_name="Alice")
    statement = (
        sa.select(Participant)
        .where(Participant.session_id == session.id)
        .order_by(Participant.full_name)
    )
    assert listed(statement) == [alice, bob]


def test_assign_sets_the_attributes_by_name():
    settings = EngagementSettings(session_id=7)
    assign(settings, {"speaker_seconds": 90, "forbid_own_group": False})
    assert (settings.speaker_seconds, settings.forbid_own_group) == (90, False)


def test_with_defaults_fills_the_constant_column_defaults_not_given():
    settings = with_defaults(EngagementSettings, session_id=7, speaker_seconds=90)
    assert settings.session_id == 7
    assert settings.speaker_seconds == 90
    assert settings.voting_mode is VotingMode.dots
    assert (settings.dots_per_participant, settings.max_dots_per_model) == (3, 2)
    assert settings.forbid_own_group and settings.hide_results_until_closed
    assert settings.updated_at is None
