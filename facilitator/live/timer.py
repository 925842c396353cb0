"""The session's countdown: pure timer maths, and services that change the stored timer.

The server keeps the end time; clients receive ``ends_at_ms`` with ``server_now_ms`` and work
out their clock's offset at receipt, so a phone whose clock is wrong still shows the right time.
"""

from __future__ import annotations

import logging

from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.live import broadcast, errors, state
from facilitator.live.clock import (
    ACTIONS,
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MINUTE_MS,
    Timer,
    TimerError,
)
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)


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
