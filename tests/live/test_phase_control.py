"""Moving a session through its phases: agenda-driven, by hand, skipping, presenters."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.live import phase_control, state
from facilitator.live.errors import LiveError
from facilitator.live.models import TimerState
from facilitator.realtime.models import DocumentVersion
from facilitator.sessions.phases import Phase
from tests.live.conftest import write_model


def phase_of(session) -> Phase:
    """The phase as committed."""
    db.session.expire_all()
    return session.phase


def test_start_next_item_runs_the_agenda_in_order_with_its_phases_and_timers(live):
    session, owner = live.session, live.owner
    started = [phase_control.start_next_item(session, owner) for _ in live.items]
    assert [item.title for item in started] == [item.title for item in live.items]
    assert phase_of(session) == Phase.survey
    db.session.expire_all()
    assert state.current_item(session).title == "Онлайн-опрос"
    assert state.timer_of(state.state_of(session)).duration_ms == 5 * 60_000


def test_a_talk_after_the_opening_stays_in_talks_with_the_new_speaker(live):
    session, owner = live.session, live.owner
    phase_control.start_next_item(session, owner)
    phase_control.start_next_item(session, owner)
    assert phase_of(session) == Phase.talks
    payload = state.phase_payload(session)
    assert payload["agenda_item"]["speaker"] == "Олег Петров"
    assert payload["agenda_item"]["credentials"] == "к.п.н., доцент"
    assert payload["label"] == "Выступления"
    timer = state.timer_payload(session)
    assert timer["state"] == "running"
    assert timer["label"] == "Профессиональное самоопределение учащихся"


def test_start_next_item_after_the_last_one_is_refused(live):
    phase_control.start_item(live.session, live.items[-1], live.owner)
    with pytest.raises(LiveError) as refused:
        phase_control.start_next_item(live.session, live.owner)
    assert refused.value.message == "Программа закончилась: следующего пункта нет."
    assert phase_of(live.session) == Phase.survey


def test_the_moderator_jumps_to_any_phase_in_any_order_and_may_skip(live):
    session, owner = live.session, live.owner
    for phase in (Phase.voting, Phase.talks, Phase.closed, Phase.group_work, Phase.lobby):
        phase_control.move_to_phase(session, phase, owner)
        assert phase_of(session) == phase


def test_a_jump_to_the_current_phase_is_refused(live):
    with pytest.raises(LiveError) as refused:
        phase_control.move_to_phase(live.session, Phase.lobby, live.owner)
    assert refused.value.code == "refused"


def test_going_back_to_draft_is_refused_once_people_joined(live):
    with pytest.raises(LiveError) as refused:
        phase_control.move_to_phase(live.session, Phase.draft, live.owner)
    assert refused.value.message == (
        "Участники уже присоединились, поэтому вернуть сессию в подготовку нельзя."
    )
    assert phase_of(live.session) == Phase.lobby


def timer_now(session):
    """The committed timer."""
    db.session.expire_all()
    return state.timer_of(state.state_of(session))


def test_a_jump_by_hand_picks_the_phases_agenda_item_and_keeps_a_running_timer(live, clock):
    session, owner = live.session, live.owner
    phase_control.start_item(session, live.items[1], owner)
    before = timer_now(session)
    clock["ms"] += 60_000
    phase_control.move_to_phase(session, Phase.group_work, owner)
    db.session.expire_all()
    assert state.current_item(session).title == "Работа в творческих группах"
    assert timer_now(session) == before
    assert timer_now(session).remaining(clock["ms"]) == 19 * 60_000
    # Back to talks: the latest talk before group work, not the opening.
    phase_control.move_to_phase(session, Phase.talks, owner)
    assert state.current_item(session).title == "Профессиональное самоопределение учащихся"
    phase_control.move_to_phase(session, Phase.closed, owner)
    assert state.current_item(session) is None


def test_a_phase_change_restarts_the_timer_for_the_new_items_length_when_asked(live, clock):
    session, owner = live.session, live.owner
    phase_control.start_item(session, live.items[1], owner)
    clock["ms"] += 5 * 60_000
    phase_control.move_to_phase(session, Phase.group_work, owner, timer=phase_control.RESTART)
    timer = timer_now(session)
    assert timer.state == TimerState.running
    assert timer.remaining(clock["ms"]) == timer.duration_ms == 60 * 60_000
    assert timer.label == "Работа в творческих группах"


def test_a_phase_change_stops_the_timer_only_when_the_moderator_says_so(live, clock):
    session, owner = live.session, live.owner
    phase_control.start_item(session, live.items[1], owner)
    phase_control.move_to_phase(session, Phase.group_work, owner, timer=phase_control.STOP)
    assert timer_now(session).state == TimerState.stopped


def test_restarting_without_an_agenda_item_uses_the_timers_last_length(live, clock):
    session, owner = live.session, live.owner
    phase_control.start_item(session, live.items[0], owner)
    phase_control.move_to_phase(session, Phase.closed, owner, timer=phase_control.RESTART)
    assert state.current_item(session) is None
    assert timer_now(session).remaining(clock["ms"]) == 10 * 60_000


def add_item(live, kind, title, minutes=30):
    """Append an agenda item of ``kind`` to the session's agenda."""
    from facilitator.sessions.models import AgendaItem

    last = live.items[-1]
    item = AgendaItem(
        position=last.position + 1,
        starts_at=last.starts_at,
        duration_minutes=minutes,
        kind=kind,
        title=title,
    )
    live.session.agenda.append(item)
    db.session.commit()
    return item


def test_an_other_item_after_the_survey_keeps_the_survey_and_editing_closed(live):
    from facilitator.realtime import permissions
    from facilitator.sessions.phases import AgendaKind

    session, owner = live.session, live.owner
    add_item(live, AgendaKind.other, "Экскурсия по школе")
    phase_control.start_item(session, live.items[-2], owner)  # the survey
    started = phase_control.start_next_item(session, owner)
    assert started.title == "Экскурсия по школе"
    assert phase_of(session) == Phase.survey
    assert state.current_item(session).title == "Экскурсия по школе"
    assert timer_now(session).duration_ms == 30 * 60_000
    group = session.groups[0]
    assert permissions.members_role(group) == (permissions.VIEWER, permissions.WORK_OVER)


def test_a_break_during_group_work_keeps_group_work(live):
    from facilitator.sessions.phases import AgendaKind

    session, owner = live.session, live.owner
    pause = add_item(live, AgendaKind.break_, "Кофе-брейк", minutes=15)
    phase_control.start_item(session, live.items[2], owner)  # group work
    phase_control.start_item(session, pause, owner)
    assert phase_of(session) == Phase.group_work


def test_an_other_item_before_the_talks_opens_them_as_before(live):
    from facilitator.sessions.phases import AgendaKind

    item = add_item(live, AgendaKind.other, "Приветственный кофе")
    phase_control.start_item(live.session, item, live.owner)
    assert phase_of(live.session) == Phase.talks


def test_next_item_follows_the_item_the_moderator_jumped_to(live):
    phase_control.move_to_phase(live.session, Phase.presentations, live.owner)
    assert phase_control.next_item(live.session).title == "Открытый микрофон"


def drop_voting_item(live):
    """Take the voting item out of the agenda, as in a session that votes without one."""
    voting = next(item for item in live.items if item.kind.phase == Phase.voting)
    live.session.agenda.remove(voting)
    db.session.commit()


def test_after_a_jump_to_a_phase_without_an_item_next_goes_on_from_that_phase(live):
    drop_voting_item(live)
    session, owner = live.session, live.owner
    phase_control.start_item(session, live.items[-2], owner)  # the open microphone
    phase_control.move_to_phase(session, Phase.voting, owner)
    assert state.current_item(session) is None
    assert phase_control.next_item(session).title == "Онлайн-опрос"
    assert state.now_payload(session)["next_item"]["title"] == "Онлайн-опрос"
    assert phase_control.start_next_item(session, owner).title == "Онлайн-опрос"


def test_a_jump_straight_from_registration_to_voting_offers_the_item_after_the_open_mic(live):
    from facilitator.sessions.phases import AgendaKind

    drop_voting_item(live)
    add_item(live, AgendaKind.other, "Экскурсия по школе")
    phase_control.move_to_phase(live.session, Phase.voting, live.owner)
    # The excursion at the end keeps its phase: it marks no place in the programme.
    assert phase_control.next_item(live.session).title == "Онлайн-опрос"


def test_next_is_the_first_item_in_registration_and_none_once_closed(live):
    session, owner = live.session, live.owner
    assert phase_control.next_item(session).title == "Открытие дизайн-сессии"
    phase_control.start_item(session, live.items[2], owner)
    phase_control.move_to_phase(session, Phase.closed, owner)
    assert phase_control.next_item(session) is None
    phase_control.move_to_phase(session, Phase.lobby, owner)
    assert phase_control.next_item(session).title == "Открытие дизайн-сессии"


def test_leaving_group_work_records_a_version_of_every_edited_model(live):
    session, owner = live.session, live.owner
    group, other = session.groups
    phase_control.move_to_phase(session, Phase.group_work, owner)
    write_model(group, {"idea": "Наставничество выпускников"})
    phase_control.move_to_phase(session, Phase.presentations, owner)
    versions = db.session.scalars(sa.select(DocumentVersion)).all()
    assert [(v.group_id, v.reason, v.phase) for v in versions] == [
        (group.id, "phase", "presentations")
    ]
    assert versions[0].snapshot["sections"]["idea"]["text"] == "Наставничество выпускников"
    assert other.id not in {v.group_id for v in versions}


def test_each_phase_change_is_logged_with_the_moderator(live, caplog):
    caplog.set_level(logging.INFO, logger="facilitator.live.phase_control")
    phase_control.move_to_phase(live.session, Phase.talks, live.co_moderator)
    assert (
        f"Session {live.session.id} moved from lobby to talks (agenda item "
        f"{live.items[0].id}) by {live.co_moderator.email}"
    ) in caplog.text


def test_presentations_start_with_the_first_group_and_step_through_the_others(live):
    session, owner = live.session, live.owner
    first, second = session.groups
    phase_control.move_to_phase(session, Phase.presentations, owner)
    assert state.presenting_group(session) == first
    assert phase_control.present_group(session, owner, step=1) == second
    with pytest.raises(LiveError) as last:
        phase_control.present_group(session, owner, step=1)
    assert last.value.message == "Это последняя группа."
    assert phase_control.present_group(session, owner, step=-1) == first
    assert phase_control.present_group(session, owner, group=second) == second
    assert state.phase_payload(session)["presenting_group"] == {"id": second.id, "name": "Группа 2"}


def test_a_group_presents_only_during_presentations_and_only_in_its_own_session(live, make_session):
    with pytest.raises(LiveError) as not_now:
        phase_control.present_group(live.session, live.owner, step=1)
    assert not_now.value.code == "refused"
    phase_control.move_to_phase(live.session, Phase.presentations, live.owner)
    elsewhere = make_session(groups=1)
    with pytest.raises(LiveError) as foreign:
        phase_control.present_group(live.session, live.owner, group=elsewhere.groups[0])
    assert foreign.value.code == "not_found"


def test_an_item_of_another_session_cannot_be_started(live, make_session):
    elsewhere = make_session(groups=1)
    elsewhere_item = live.items[0]
    elsewhere_item_id = elsewhere_item.id
    with pytest.raises(LiveError) as refused:
        phase_control.start_item(elsewhere, elsewhere_item, live.owner)
    assert refused.value.code == "not_found"
    assert state.current_item(elsewhere) is None
    assert db.session.get(type(elsewhere_item), elsewhere_item_id).session_id == live.session.id
