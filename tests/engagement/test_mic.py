"""The open microphone: the queue, places, the floor one speaker at a time, the speaker's time."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from facilitator.engagement import mic as open_mic
from facilitator.engagement.errors import Conflict, NotFound, WrongPhase
from facilitator.engagement.models import HandState, MicHand, aware
from facilitator.extensions import db
from tests.engagement.conftest import configure


@pytest.fixture
def mic_session(make_session):
    return make_session(groups=2, phase="open_mic")


def hands() -> list[MicHand]:
    return db.session.scalars(sa.select(MicHand).order_by(MicHand.id)).all()


def test_raised_hands_queue_in_order_with_places(mic_session, make_voter):
    first, second, third = (make_voter(mic_session) for _ in range(3))
    for person in (first, second, third):
        open_mic.raise_hand(person)
    line = open_mic.queue(mic_session)
    assert line.speaker is None
    assert [h.participant_id for h in line.waiting] == [first.id, second.id, third.id]
    assert (line.place_of(first.id), line.place_of(third.id)) == (1, 3)
    assert line.place_of(9999) is None


def test_a_hand_raised_twice_is_refused_and_nothing_changes(mic_session, make_voter):
    person = make_voter(mic_session)
    open_mic.raise_hand(person)
    with pytest.raises(Conflict, match="Вы уже подняли руку") as refused:
        open_mic.raise_hand(person)
    assert refused.value.status == 409
    assert len(hands()) == 1


def test_the_database_itself_refuses_a_second_active_hand(mic_session, make_voter):
    person = make_voter(mic_session)
    open_mic.raise_hand(person)
    db.session.add(MicHand(session_id=mic_session.id, participant_id=person.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_database_itself_refuses_a_second_speaker(mic_session, make_voter):
    one, two = make_voter(mic_session), make_voter(mic_session)
    for person in (one, two):
        db.session.add(
            MicHand(session_id=mic_session.id, participant_id=person.id, state="speaking")
        )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_raising_a_hand_outside_the_open_microphone_is_refused(make_session, make_voter):
    session = make_session(phase="presentations")
    with pytest.raises(WrongPhase, match="Открытый микрофон сейчас не идёт"):
        open_mic.raise_hand(make_voter(session))
    assert hands() == []


def test_a_hand_about_a_model_of_another_session_is_refused(mic_session, make_session, make_voter):
    other = make_session()
    with pytest.raises(NotFound):
        open_mic.raise_hand(make_voter(mic_session), other.groups[0].id)
    assert hands() == []


def test_a_hand_may_name_the_model_it_is_about(mic_session, make_voter):
    hand = open_mic.raise_hand(make_voter(mic_session), str(mic_session.groups[1].id))
    assert hand.group_id == mic_session.groups[1].id


def test_giving_the_floor_starts_the_speaker_time_and_ends_the_previous_turn(
    mic_session, make_voter, moderator
):
    configure(mic_session, moderator, speaker_seconds=90)
    first, second = make_voter(mic_session), make_voter(mic_session)
    open_mic.raise_hand(first)
    open_mic.raise_hand(second)

    speaking = open_mic.give_floor(mic_session, moderator)
    assert speaking.participant_id == first.id
    assert aware(speaking.floor_until) - aware(speaking.floor_at) == dt.timedelta(seconds=90)
    assert 85 <= speaking.seconds_left() <= 90
    line = open_mic.queue(mic_session)
    assert (line.speaker.participant_id, line.place_of(second.id)) == (first.id, 1)

    open_mic.give_floor(mic_session, moderator)
    states = {h.participant_id: h.state for h in hands()}
    assert states == {first.id: HandState.done, second.id: HandState.speaking}


def test_the_moderator_can_choose_who_speaks_skip_and_finish(mic_session, make_voter, moderator):
    first, second, third = (make_voter(mic_session) for _ in range(3))
    hand_ids = [open_mic.raise_hand(p).id for p in (first, second, third)]
    open_mic.give_floor(mic_session, moderator, hand_ids[2])
    open_mic.skip(mic_session, moderator, hand_ids[0])
    open_mic.finish(mic_session, moderator, hand_ids[2])
    assert [h.state for h in hands()] == [HandState.skipped, HandState.waiting, HandState.done]
    assert [h.participant_id for h in open_mic.recent(mic_session)] == [third.id, first.id]
    with pytest.raises(Conflict):
        open_mic.finish(mic_session, moderator, hand_ids[1])  # waiting, not speaking
    with pytest.raises(Conflict):
        open_mic.give_floor(mic_session, moderator, hand_ids[0])  # skipped


def test_extra_time_counts_from_now_when_the_time_ran_out(mic_session, make_voter, moderator):
    hand = open_mic.raise_hand(make_voter(mic_session))
    open_mic.give_floor(mic_session, moderator)
    hand = db.session.get(MicHand, hand.id)
    hand.floor_until = aware(hand.floor_until) - dt.timedelta(minutes=5)
    db.session.commit()
    assert hand.seconds_left() < 0
    open_mic.extend(mic_session, moderator, hand.id)
    assert 55 <= db.session.get(MicHand, hand.id).seconds_left() <= 60


def test_a_hand_of_another_session_is_not_found(mic_session, make_session, make_voter, moderator):
    other = make_session(phase="open_mic")
    foreign = open_mic.raise_hand(make_voter(other))
    with pytest.raises(NotFound):
        open_mic.give_floor(mic_session, moderator, foreign.id)
    with pytest.raises(NotFound, match="В очереди никого нет"):
        open_mic.give_floor(mic_session, moderator)
    assert db.session.get(MicHand, foreign.id).state == HandState.waiting


def test_lowering_leaves_the_queue_and_a_speaker_may_end_the_turn(
    mic_session, make_voter, moderator
):
    person = make_voter(mic_session)
    open_mic.raise_hand(person)
    assert open_mic.lower_hand(person) == HandState.lowered
    with pytest.raises(Conflict, match="Вы не поднимали руку"):
        open_mic.lower_hand(person)
    open_mic.raise_hand(person)  # a new hand after the old one is down
    open_mic.give_floor(mic_session, moderator)
    with pytest.raises(Conflict, match="Сейчас слово у вас"):
        open_mic.raise_hand(person)
    assert open_mic.lower_hand(person) == HandState.done
    assert [h.state for h in hands()] == [HandState.lowered, HandState.done]


def test_changes_are_announced_with_the_speaker_and_the_queue(
    mic_session, make_voter, moderator, notifications
):
    first, second = make_voter(mic_session, full_name="Анна Петрова"), make_voter(mic_session)
    one = open_mic.raise_hand(first)
    two = open_mic.raise_hand(second)
    open_mic.give_floor(mic_session, moderator)
    events = [(event, payload) for _sid, event, payload in notifications]
    assert [e for e, _p in events] == ["openmic"] * 3
    assert events[1][1] == {"speaker": None, "queue": [one.id, two.id]}
    speaker = events[2][1]["speaker"]
    assert (speaker["hand_id"], speaker["name"]) == (one.id, "Анна Петрова")
    assert speaker["floor_until"].endswith("+00:00")
    assert events[2][1]["queue"] == [two.id]


def test_the_queue_lists_the_speaker_first_for_screens(mic_session, make_voter, moderator):
    people = [make_voter(mic_session) for _ in range(3)]
    for person in people:
        open_mic.raise_hand(person)
    open_mic.give_floor(mic_session, moderator)
    entries = open_mic.queue(mic_session).entries
    assert [h.participant_id for h in entries] == [p.id for p in people]
    assert entries[0].state == HandState.speaking
