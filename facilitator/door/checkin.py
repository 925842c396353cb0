"""Check-in at the door: finding people, marking arrival and departure, walk-ins, live pushes.

Marking an arrival is one conditional UPDATE, so two volunteers tapping the same person at
once record one arrival, and the second is told when it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from facilitator import signals
from facilitator.database import listed
from facilitator.door import invitations
from facilitator.door.names import fold, name_key, organisation_key
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, Participant

log = logging.getLogger(__name__)

#: The event the volunteers' pages get on /live (moderators' room) after every change
EVENT = "door"
#: The most people a search returns
SEARCH_LIMIT = 20


class CheckInError(ValueError):
    """Raised when a change at the door cannot be made; the message is for people."""


@dataclass(frozen=True)
class Arrival:
    """The outcome of a check-in: who, and whether they had been checked in before."""

    participant: Participant
    already: bool


@dataclass(frozen=True)
class WalkIn:
    """What a volunteer types for a person who was not on the list."""

    full_name: str
    organisation: str
    position: str
    city: str


def zone() -> dt.tzinfo:
    """The time zone arrival times are shown in."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Moscow")


def local_time(moment: dt.datetime | None) -> str:
    """«09:42» in the session's time zone; empty for no time."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive datetimes
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone()).strftime("%H:%M")


def _people(session: DesignSession) -> list[Participant]:
    return listed(
        sa.select(Participant)
        .where(Participant.session_id == session.id)
        .order_by(Participant.full_name, Participant.id)
    )


def search(session: DesignSession, query: str, limit: int = SEARCH_LIMIT) -> list[Participant]:
    """People whose name or organisation holds every word typed, ignoring case and «ё»."""
    words = fold(query).split()
    if not words:
        return []
    found = []
    # A session has a few hundred people: matching in Python folds Cyrillic case the same way
    # on SQLite and PostgreSQL, which their LOWER() does not.
    for person in _people(session):
        haystack = f"{fold(person.full_name)} {fold(person.organisation)}"
        if all(word in haystack for word in words):
            found.append(person)
    # People whose name starts with the query come first.
    found.sort(key=lambda p: (not fold(p.full_name).startswith(words[0]), fold(p.full_name)))
    return found[:limit]


def counts(session: DesignSession) -> dict[str, int]:
    """How many are on the list and how many have arrived."""
    total, arrived = db.session.execute(
        sa.select(sa.func.count(Participant.id), sa.func.count(Participant.arrived_at)).where(
            Participant.session_id == session.id
        )
    ).one()
    return {"total": total, "arrived": arrived}


def latest_arrivals(session: DesignSession, limit: int = 10) -> list[Participant]:
    """The people checked in last, the latest first."""
    return listed(
        sa.select(Participant)
        .where(Participant.session_id == session.id, Participant.arrived_at.is_not(None))
        .order_by(Participant.arrived_at.desc(), Participant.id.desc())
        .limit(limit)
    )


def as_json(participant: Participant) -> dict[str, Any]:
    """A person as the check-in page shows them."""
    return {
        "id": participant.id,
        "full_name": participant.full_name,
        "organisation": participant.organisation,
        "position": participant.position,
        "group": participant.group.name if participant.group else "",
        "arrived": participant.arrived_at is not None,
        "arrived_at": local_time(participant.arrived_at),
        "left_at": local_time(participant.left_at),
        "source": participant.source,
    }


def push(session: DesignSession, participant: Participant, change: str) -> None:
    """Tell every volunteer's page of the session what changed (live sends it on /live)."""
    payload = {"change": change, "participant": as_json(participant), "counts": counts(session)}
    try:
        signals.session_activity.send(
            session.id, event=EVENT, payload=payload, moderators_only=True
        )
        signals.attendance_changed.send(session.id)
    except Exception:
        # A failed notification must not undo the committed check-in.
        log.exception("Could not announce a check-in in session %s", session.id)


def check_in(session: DesignSession, participant: Participant) -> Arrival:
    """Mark the person arrived now; a second check-in changes nothing and says when it was."""
    done = db.session.execute(
        sa.update(Participant)
        .where(Participant.id == participant.id, Participant.arrived_at.is_(None))
        .values(arrived_at=dt.datetime.now(dt.UTC))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    db.session.refresh(participant)
    if done:
        log.info("Participant %s of session %s checked in", participant.id, session.id)
        push(session, participant, "arrived")
    return Arrival(participant, already=not done)


def check_in_by_link(session: DesignSession, text: str) -> Arrival:
    """Check in the person whose personal link (scanned or pasted) this is."""
    token = invitations.token_from_text(text)
    participant = invitations.by_token(token) if token else None
    if participant is None or participant.session_id != session.id:
        raise CheckInError(_("This is not a valid personal link of this session."))
    return check_in(session, participant)


def undo_check_in(session: DesignSession, participant: Participant) -> None:
    """Forget the arrival (and departure) of someone checked in by mistake. Commits."""
    participant.arrived_at = None
    participant.left_at = None
    db.session.commit()
    log.info("Check-in of participant %s undone", participant.id)
    push(session, participant, "undone")


def record_departure(session: DesignSession, participant: Participant) -> None:
    """Record that the person left now. Commits."""
    if participant.arrived_at is None:
        raise CheckInError(_("%(name)s has not been checked in.", name=participant.full_name))
    participant.left_at = dt.datetime.now(dt.UTC)
    db.session.commit()
    log.info("Departure of participant %s recorded", participant.id)
    push(session, participant, "left")


def undo_departure(session: DesignSession, participant: Participant) -> None:
    """The person is back (or the departure was a mistake). Commits."""
    participant.left_at = None
    db.session.commit()
    push(session, participant, "arrived")


def find_same(session: DesignSession, full_name: str, organisation: str) -> Participant | None:
    """Someone of the session with this name and organisation, if already on the list."""
    wanted = (name_key(full_name), organisation_key(organisation))
    for person in _people(session):
        if (name_key(person.full_name), organisation_key(person.organisation)) == wanted:
            return person
    return None


def register_walk_in(session: DesignSession, details: WalkIn) -> Participant:
    """Put someone who was not on the list on it, arrived now, with a personal link. Commits."""
    same = find_same(session, details.full_name, details.organisation)
    if same is not None:
        raise CheckInError(
            _(
                "%(name)s from %(organisation)s is already on the list: find them and check "
                "them in.",
                name=same.full_name,
                organisation=same.organisation,
            )
        )
    participant = Participant(
        session_id=session.id,
        full_name=details.full_name,
        organisation=details.organisation,
        position=details.position,
        city=details.city,
        source="walk_in",
        invite_token=invitations.new_token(),
        arrived_at=dt.datetime.now(dt.UTC),
    )
    db.session.add(participant)
    db.session.commit()
    log.info("Walk-in %s registered in session %s", participant.id, session.id)
    push(session, participant, "arrived")
    return participant
