"""The session's countdown: pure timer maths, and services that change the stored timer.

The server keeps the end time; clients receive ``ends_at_ms`` with ``server_now_ms`` and work
out their clock's offset at receipt, so a phone whose clock is wrong still shows the right time.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.live import broadcast, errors, state
from facilitator.live.models import TimerState
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
#: Longest timer a moderator may start: a whole day's session
MAX_MINUTES = 600
#: The timer's length when neither the moderator nor the agenda item says
DEFAULT_MINUTES = 10
ACTIONS = ("start", "pause", "resume", "add_minute", "stop")


class TimerError(ValueError):
    """The timer cannot do this in its current state."""


@dataclass(frozen=True)
class Timer:
    """A countdown as the server stores it; every change returns a new Timer."""

    state: TimerState = TimerState.stopped
    #: When a running timer reaches zero (ms since the epoch, server clock)
    ends_at_ms: int | None = None
    #: What is left of a paused timer
    remaining_ms: int = 0
    #: The length it was started with, added minutes included
    duration_ms: int = 0
    label: str = ""

    def remaining(self, now_ms: int) -> int:
        """Milliseconds left at ``now_ms``; never negative, 0 for a stopped timer."""
        if self.state == TimerState.running and self.ends_at_ms is not None:
            return max(0, self.ends_at_ms - now_ms)
        if self.state == TimerState.paused:
            return max(0, self.remaining_ms)
        return 0

    def is_up(self, now_ms: int) -> bool:
        """Whether a started timer has reached zero."""
        return self.state != TimerState.stopped and self.remaining(now_ms) == 0

    def start(self, duration_ms: int, now_ms: int, label: str = "") -> Timer:
        """Count down ``duration_ms`` from now, whatever the timer did before."""
        if duration_ms <= 0:
            raise TimerError("a timer needs a positive duration")
        return Timer(TimerState.running, now_ms + duration_ms, duration_ms, duration_ms, label)

    def pause(self, now_ms: int) -> Timer:
        """Freeze a running timer with what is left."""
        if self.state != TimerState.running:
            raise TimerError("only a running timer can be paused")
        return dataclasses.replace(
            self, state=TimerState.paused, ends_at_ms=None, remaining_ms=self.remaining(now_ms)
        )

    def resume(self, now_ms: int) -> Timer:
        """Run a paused timer on from what was left."""
        if self.state != TimerState.paused:
            raise TimerError("only a paused timer can be resumed")
        return dataclasses.replace(
            self, state=TimerState.running, ends_at_ms=now_ms + self.remaining_ms
        )

    def add(self, extra_ms: int, now_ms: int) -> Timer:
        """Give more time; a running timer whose time is up gets ``extra_ms`` from now."""
        if self.state == TimerState.running and self.ends_at_ms is not None:
            ends_at = max(self.ends_at_ms, now_ms) + extra_ms
            return dataclasses.replace(
                self, ends_at_ms=ends_at, duration_ms=self.duration_ms + extra_ms
            )
        if self.state == TimerState.paused:
            return dataclasses.replace(
                self,
                remaining_ms=self.remaining_ms + extra_ms,
                duration_ms=self.duration_ms + extra_ms,
            )
        raise TimerError("a stopped timer cannot get more time")

    def stop(self) -> Timer:
        """Stop and clear the timer."""
        return Timer()

    def payload(self, now_ms: int) -> dict[str, Any]:
        """The `timer` event of docs/live-protocol.md."""
        return {
            "state": self.state.value,
            "ends_at_ms": self.ends_at_ms if self.state == TimerState.running else None,
            "remaining_ms": self.remaining(now_ms),
            "duration_ms": self.duration_ms,
            "server_now_ms": now_ms,
            "label": self.label,
        }


def clock_text(remaining_ms: int) -> str:
    """12:05 or 1:02:05, rounding up so a timer shows 0:00 only when time is up."""
    seconds = -(-max(remaining_ms, 0) // 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


# --- services -------------------------------------------------------------------------------


def default_minutes(session: DesignSession) -> int:
    """The current agenda item's duration, else a sensible default."""
    item = state.current_item(session)
    return item.duration_minutes if item is not None else DEFAULT_MINUTES


def control(
    session: DesignSession, action: str, by: Moderator, minutes: int | None = None
) -> Timer:
    """Start, pause, resume, extend or stop the session's timer; committed and broadcast."""
    if action not in ACTIONS:
        raise errors.bad_request(f"timer action {action!r}")
    if action == "start" and minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise errors.refused(
            _("The timer can run from 1 to %(max)d minutes.", max=MAX_MINUTES),
            f"{minutes} minutes",
        )
    row = state.state_of(session, create=True)
    timer = state.timer_of(row)
    now = state.now_ms()
    try:
        if action == "start":
            length = minutes if minutes is not None else default_minutes(session)
            timer = timer.start(length * MINUTE_MS, now, timer_label(session))
        elif action == "pause":
            timer = timer.pause(now)
        elif action == "resume":
            timer = timer.resume(now)
        elif action == "add_minute":
            timer = timer.add(MINUTE_MS, now)
        else:
            timer = timer.stop()
    except TimerError as error:
        db.session.rollback()
        raise errors.refused(refusal_message(action), str(error)) from error
    state.store_timer(row, timer)
    db.session.commit()
    log.info(
        "Session %s timer %s by %s: %s, %d ms left",
        session.id,
        action,
        by.email,
        timer.state,
        timer.remaining(now),
    )
    broadcast.now(session)
    return timer


def timer_label(session: DesignSession) -> str:
    """What a timer started now is for: the current agenda item's title, else nothing.

    Without an item the timer is for the phase, whose name each reader gets in their own
    language when the timer is sent (state.timer_payload).
    """
    item = state.current_item(session)
    return item.title if item is not None else ""


def refusal_message(action: str) -> str:
    """Why the timer cannot do this now, in words."""
    if action == "pause":
        return _("The timer is not running.")
    if action == "resume":
        return _("The timer is not paused.")
    return _("Start the timer first.")
