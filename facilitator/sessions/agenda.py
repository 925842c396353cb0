"""The session's programme: agenda items, their times and overlaps."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions import ordering
from facilitator.sessions.models import AgendaItem, DesignSession

log = logging.getLogger(__name__)

ITEM_FIELDS = ("starts_at", "duration_minutes", "kind", "title", "speaker", "speaker_credentials")
MINUTES_PER_DAY = 24 * 60


def minutes(value: dt.time) -> int:
    """Minutes since midnight."""
    return value.hour * 60 + value.minute


def from_minutes(value: int) -> dt.time:
    """The time of day that many minutes after midnight (kept within the day)."""
    value = min(max(value, 0), MINUTES_PER_DAY - 1)
    return dt.time(value // 60, value % 60)


def default_start(session: DesignSession) -> dt.time:
    """Where a new item starts: when the last one ends, or at the session's start."""
    if not session.agenda:
        return session.starts_at
    last = session.agenda[-1]
    return from_minutes(minutes(last.starts_at) + last.duration_minutes)


@dataclass
class AgendaLine:
    """An agenda item with what the moderator should notice about it."""

    item: AgendaItem
    overlaps: list[AgendaItem] = field(default_factory=list)
    outside_session: bool = False


def agenda_lines(session: DesignSession) -> list[AgendaLine]:
    """The items in order, each with the items it overlaps and whether it leaves the session."""
    lines = [AgendaLine(item) for item in session.agenda]
    spans = [
        (minutes(i.starts_at), minutes(i.starts_at) + i.duration_minutes) for i in session.agenda
    ]
    for a, (a_start, a_end) in enumerate(spans):
        for b, (b_start, b_end) in enumerate(spans):
            if a != b and a_start < b_end and b_start < a_end:
                lines[a].overlaps.append(lines[b].item)
    session_start = minutes(session.starts_at)
    session_end = minutes(session.ends_at) if session.ends_at else MINUTES_PER_DAY
    for line, (start, end) in zip(lines, spans, strict=True):
        # The session's times may have changed after the item was planned.
        line.outside_session = start < session_start or end > session_end
    return lines


def add_item(session: DesignSession, values: dict[str, Any], by: Moderator) -> AgendaItem:
    """Append an item to the programme."""
    item = AgendaItem(position=ordering.next_position(session.agenda), **_values(values))
    session.agenda.append(item)
    db.session.commit()
    log.info(
        "Agenda item %s %r added to session %s by %s", item.id, item.title, session.id, by.email
    )
    return item


def update_item(item: AgendaItem, values: dict[str, Any], by: Moderator) -> None:
    """Change an item's time, kind, title or speaker."""
    for name, value in _values(values).items():
        setattr(item, name, value)
    db.session.commit()
    log.info("Agenda item %s of session %s changed by %s", item.id, item.session_id, by.email)


#: Taking items off the programme and moving them up or down it
order: ordering.Order[AgendaItem] = ordering.Order(
    siblings=lambda item: item.session.agenda,
    label=lambda item: f"Agenda item {item.id} of session {item.session_id}",
)


def sort_by_time(session: DesignSession, by: Moderator) -> None:
    """Put the items in the order of their start times."""
    ordering.renumber(sorted(session.agenda, key=lambda i: (i.starts_at, i.position)))
    db.session.commit()
    log.info("Agenda of session %s sorted by time by %s", session.id, by.email)


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in ITEM_FIELDS if name in values}
