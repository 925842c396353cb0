"""Who attended and for how many hours, from the session's times and the door's records.

Who attended is ``Participant.attended``, which queries use too: a person checked in at the door
or marked present (``arrived_at``) attended from that moment. A person who typed the join code,
or was registered at the door, was in the hall, so without a check-in they attended from when
they joined (``joined_at``). A pre-registered person («import») who never checked in did not
attend, whatever their invitation says.

Hours: the time between arrival and departure (``left_at``, else the end of the session),
clipped to the session's window, which is the session's date with its start and end (or, with
no end set, the end of its last agenda item) as wall-clock times in the server's time zone.
The seeds' organisers state hours of participation as plain clock hours — nothing in their
letters, post-releases or programmes counts 45-minute academic hours — so hours are astronomical,
rounded to the nearest half hour (half up): 2 h 44 min is 2,5 hours, 2 h 45 min is 3.
Without an end time and an agenda, the window has no end and the hours are unknown (None).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from facilitator.columns import aware
from facilitator.sessions.models import DesignSession, Participant

HALF_HOUR = Decimal("0.5")


@dataclass(frozen=True)
class Window:
    """When the session ran, as aware datetimes; ``end`` is None when nobody set it."""

    start: dt.datetime
    end: dt.datetime | None


@dataclass(frozen=True)
class Presence:
    """One attending person's arrival and departure as recorded, and hours within the window."""

    participant: Participant
    arrived: dt.datetime
    left: dt.datetime | None
    hours: Decimal | None


def session_window(session: DesignSession, zone: dt.tzinfo) -> Window:
    """The session's start and end in the given zone; the end falls back to the agenda's."""
    start = dt.datetime.combine(session.date, session.starts_at, tzinfo=zone)
    end_time = session.ends_at
    if end_time is None and session.agenda:
        end_time = max(item.ends_at for item in session.agenda)
    if end_time is None:
        return Window(start, None)
    end = dt.datetime.combine(session.date, end_time, tzinfo=zone)
    if end <= start:
        # An end before the start means the session ran past midnight.
        end += dt.timedelta(days=1)
    return Window(start, end)


def arrival(participant: Participant) -> dt.datetime | None:
    """When the person's attendance starts, or None if they did not attend (see module doc)."""
    if not participant.attended:
        return None
    return aware(participant.arrived_at or participant.joined_at)


def round_hours(duration: dt.timedelta) -> Decimal:
    """Clock hours rounded half up to the nearest half hour: 2 h 45 min → 3, 2 h 44 min → 2,5."""
    seconds = max(int(duration.total_seconds()), 0)
    halves = (Decimal(seconds) / Decimal(1800)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return halves * HALF_HOUR


def presence(participant: Participant, window: Window) -> Presence | None:
    """The person's clipped presence, or None when they did not attend.

    Someone whose attendance starts after the session ended (joined late in the evening, say)
    did not attend it.
    """
    came = arrival(participant)
    if came is None:
        return None
    if window.end is not None and came >= window.end:
        return None
    start = max(came, window.start)
    left = aware(participant.left_at)
    end = window.end
    if left is not None:
        end = max(left, start) if end is None else min(max(left, start), end)
    hours = round_hours(end - start) if end is not None else None
    return Presence(participant, came, left, hours)


def attendance(participants: Iterable[Participant], window: Window) -> list[Presence]:
    """Everyone who attended, sorted by name as a sheet lists them."""
    found = [p for p in (presence(person, window) for person in participants) if p is not None]
    return sorted(found, key=lambda p: sort_key(p.participant.full_name))


def sort_key(full_name: str) -> tuple[str, str]:
    """Alphabetical order as people expect it: «ё» with «е», case ignored."""
    flat = " ".join(full_name.split()).casefold().replace("ё", "е")
    return flat, full_name


def total_hours(people: Iterable[Presence]) -> Decimal:
    """The sum of known hours."""
    return sum((p.hours for p in people if p.hours is not None), Decimal(0))
