"""Timer maths and the timer services: start, pause, resume, add a minute, stop."""

from __future__ import annotations

import logging

import pytest

from facilitator.extensions import db
from facilitator.live import state, timer
from facilitator.live.errors import LiveError
from facilitator.live.models import LiveState, TimerState
from facilitator.live.timer import MINUTE_MS, Timer, TimerError, clock_text
from tests.live.conftest import T0


def test_a_started_timer_ends_its_duration_from_now():
    running = Timer().start(20 * MINUTE_MS, T0, "Доклад")
    assert running.state == TimerState.running
    assert running.ends_at_ms == T0 + 20 * MINUTE_MS
    assert running.remaining(T0) == 20 * MINUTE_MS
    assert running.remaining(T0 + 5 * MINUTE_MS) == 15 * MINUTE_MS
    assert running.label == "Доклад"


def test_remaining_time_never_goes_below_zero_and_time_is_up():
    running = Timer().start(MINUTE_MS, T0)
    assert running.remaining(T0 + MINUTE_MS) == 0
    assert running.remaining(T0 + 10 * MINUTE_MS) == 0
    assert running.is_up(T0 + 10 * MINUTE_MS)
    assert not running.is_up(T0 + MINUTE_MS - 1)
    assert running.payload(T0 + 10 * MINUTE_MS)["remaining_ms"] == 0


def test_pause_freezes_what_is_left_and_resume_goes_on_from_there():
    paused = Timer().start(10 * MINUTE_MS, T0).pause(T0 + 4 * MINUTE_MS)
    assert paused.state == TimerState.paused
    assert paused.ends_at_ms is None
    assert paused.remaining(T0 + 60 * MINUTE_MS) == 6 * MINUTE_MS
    resumed = paused.resume(T0 + 30 * MINUTE_MS)
    assert resumed.state == TimerState.running
    assert resumed.ends_at_ms == T0 + 36 * MINUTE_MS
    assert resumed.remaining(T0 + 31 * MINUTE_MS) == 5 * MINUTE_MS


def test_adding_a_minute_extends_a_running_a_paused_and_an_expired_timer():
    running = Timer().start(10 * MINUTE_MS, T0)
    assert running.add(MINUTE_MS, T0).remaining(T0) == 11 * MINUTE_MS
    assert running.add(MINUTE_MS, T0).duration_ms == 11 * MINUTE_MS
    paused = running.pause(T0 + 9 * MINUTE_MS)
    assert paused.add(MINUTE_MS, T0).remaining(T0) == 2 * MINUTE_MS
    # Time was up five minutes ago: the extra minute counts from now, not from the old end.
    late = T0 + 15 * MINUTE_MS
    assert running.add(MINUTE_MS, late).remaining(late) == MINUTE_MS


def test_impossible_timer_changes_are_refused():
    with pytest.raises(TimerError):
        Timer().pause(T0)
    with pytest.raises(TimerError):
        Timer().resume(T0)
    with pytest.raises(TimerError):
        Timer().start(MINUTE_MS, T0).resume(T0)
    with pytest.raises(TimerError):
        Timer().add(MINUTE_MS, T0)
    with pytest.raises(TimerError):
        Timer().start(0, T0)


def test_stop_clears_the_timer_and_the_payload_says_so():
    stopped = Timer().start(MINUTE_MS, T0, "Доклад").stop()
    assert stopped == Timer()
    assert stopped.payload(T0) == {
        "state": "stopped",
        "ends_at_ms": None,
        "remaining_ms": 0,
        "duration_ms": 0,
        "server_now_ms": T0,
        "label": "",
    }


def test_the_payload_carries_the_end_and_the_server_time():
    payload = Timer().start(5 * MINUTE_MS, T0, "Работа").payload(T0 + 1000)
    assert payload == {
        "state": "running",
        "ends_at_ms": T0 + 5 * MINUTE_MS,
        "remaining_ms": 5 * MINUTE_MS - 1000,
        "duration_ms": 5 * MINUTE_MS,
        "server_now_ms": T0 + 1000,
        "label": "Работа",
    }
    paused = Timer().start(5 * MINUTE_MS, T0).pause(T0 + 1000).payload(T0 + 9000)
    assert paused["ends_at_ms"] is None
    assert paused["remaining_ms"] == 5 * MINUTE_MS - 1000


@pytest.mark.parametrize(
    ("remaining", "shown"),
    [
        (0, "00:00"),
        (1, "00:01"),
        (59_001, "01:00"),
        (20 * MINUTE_MS, "20:00"),
        (3_723_000, "1:02:03"),
    ],
)
def test_the_clock_rounds_up_so_zero_means_time_is_up(remaining, shown):
    assert clock_text(remaining) == shown


def stored(session) -> Timer:
    """The timer as stored in the database."""
    db.session.expire_all()
    return state.timer_of(db.session.get(LiveState, session.id))


def test_the_timer_service_stores_each_change_and_logs_it(live, clock, caplog):
    session, owner = live.session, live.owner
    caplog.set_level(logging.INFO, logger="facilitator.live.timer")
    timer.control(session, "start", owner, minutes=15)
    assert stored(session).ends_at_ms == T0 + 15 * MINUTE_MS
    clock["ms"] += 5 * MINUTE_MS
    timer.control(session, "pause", owner)
    assert stored(session).remaining_ms == 10 * MINUTE_MS
    timer.control(session, "add_minute", owner)
    clock["ms"] += 60 * MINUTE_MS
    timer.control(session, "resume", owner)
    assert stored(session).ends_at_ms == clock["ms"] + 11 * MINUTE_MS
    timer.control(session, "stop", owner)
    assert stored(session).state == TimerState.stopped
    assert f"Session {session.id} timer start by {owner.email}" in caplog.text
    assert f"Session {session.id} timer stop by {owner.email}" in caplog.text


def test_the_timer_starts_with_the_current_items_length_by_default(live, clock):
    from facilitator.live import phase_control

    phase_control.start_item(live.session, live.items[1], live.owner)
    timer.control(live.session, "stop", live.owner)
    started = timer.control(live.session, "start", live.owner)
    assert started.duration_ms == 20 * MINUTE_MS
    assert started.label == "Профессиональное самоопределение учащихся"


def test_the_timer_service_refuses_what_the_timer_cannot_do(live, clock):
    with pytest.raises(LiveError) as refused:
        timer.control(live.session, "pause", live.owner)
    assert refused.value.code == "refused"
    assert refused.value.message == "Таймер не идёт."
    with pytest.raises(LiveError) as too_long:
        timer.control(live.session, "start", live.owner, minutes=601)
    assert too_long.value.message == "Таймер можно запустить на время от 1 до 600 минут."
    assert db.session.get(LiveState, live.session.id) is None
