"""A session's attendance as the documents print it, and the moderator's corrections to it."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from facilitator import signals
from facilitator.attendance.hours import (
    Presence,
    Window,
    arrival,
    attendance,
    session_window,
    sort_key,
    total_hours,
)
from facilitator.columns import aware
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, Participant

log = logging.getLogger(__name__)


class AttendanceError(ValueError):
    """A correction that cannot be saved; the message is for people, translated."""


@dataclass(frozen=True)
class Roll:
    """The session, its window and everyone who attended, sorted by name."""

    session: DesignSession
    window: Window
    zone: dt.tzinfo
    people: tuple[Presence, ...]

    @property
    def total_hours(self):
        """The sum of everyone's hours."""
        return total_hours(self.people)


def timezone() -> dt.tzinfo:
    """The zone the session's wall-clock times are in: the server's, as for every document."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Moscow")


def roll(session: DesignSession, zone: dt.tzinfo | None = None) -> Roll:
    """Who attended the session and for how long."""
    zone = zone or timezone()
    window = session_window(session, zone)
    return Roll(session, window, zone, tuple(attendance(session.participants, window)))


def everyone(session: DesignSession) -> list[Participant]:
    """Every participant, sorted by name, for the moderator's attendance page."""
    return sorted(session.participants, key=lambda p: sort_key(p.full_name))


def is_present(participant: Participant) -> bool:
    """Whether the person counts as present (before clipping to the session's window)."""
    return arrival(participant) is not None


def parse_clock(value: str) -> dt.time | None:
    """«9:30», «09.30» or «930» as a time of day; None for an empty value."""
    text = value.strip().replace(".", ":").replace(" ", "")
    if not text:
        return None
    if ":" not in text and text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return dt.time(hours, minutes)
    except ValueError as error:
        raise AttendanceError(_("Write the time as hours and minutes, e.g. 11:30.")) from error


def record_times(
    participant: Participant, arrived: dt.time | None, left: dt.time | None, by: object = None
) -> None:
    """Set a person's arrival and departure (wall-clock times on the session's day) and save.

    An empty arrival leaves the check-in as it is; a departure before the arrival is refused.
    """
    session = participant.session
    zone = timezone()
    arrived_at = aware(participant.arrived_at)
    if arrived is not None:
        arrived_at = _on_session_day(session, arrived, zone)
    left_at = _on_session_day(session, left, zone) if left is not None else None
    start = arrived_at or arrival(participant)
    if left_at is not None and start is not None and left_at <= start:
        raise AttendanceError(_("The departure must be later than the arrival."))
    participant.arrived_at = arrived_at
    participant.left_at = left_at
    _save(participant, by, f"set to {arrived_at} – {left_at}")


def mark_present(participant: Participant, by: object = None) -> None:
    """Mark a person present from the session's start, unless they were already checked in."""
    if participant.arrived_at is None:
        start = session_window(participant.session, timezone()).start
        # UTC, as every stored time: SQLite keeps the wall-clock digits and drops the zone.
        participant.arrived_at = start.astimezone(dt.UTC)
        _save(participant, by, "marked present")


def _save(participant: Participant, by: object, change: str) -> None:
    """Save a change of a person's attendance, announce it and log who made it."""
    db.session.commit()
    signals.attendance_changed.send(participant.session_id)
    log.info(
        "Attendance of participant %s in session %s %s by %s",
        participant.id,
        participant.session_id,
        change,
        getattr(by, "email", "the system"),
    )


def _on_session_day(session: DesignSession, clock: dt.time, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(session.date, clock, tzinfo=zone).astimezone(dt.UTC)
