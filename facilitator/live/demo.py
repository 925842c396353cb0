"""The demo session behind `facilitator demo`, modelled on the post-release of 27 March 2023.

The session, the five models and the cities and districts come from that document (seed 000);
the speakers, their talks and the participants are invented. All of it is kept in
demo_session.toml; this module builds the rows from it.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import sqlalchemy as sa

from facilitator.accounts.models import Moderator
from facilitator.attendance.hours import session_window
from facilitator.attendance.roll import timezone
from facilitator.extensions import db
from facilitator.joining.identity import new_device_id
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.model_templates import give_session_template
from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import AgendaKind, Phase, SessionKind

log = logging.getLogger(__name__)

DEMO_EMAIL = "demo@facilitator.local"
GROUP_CAPACITY = 16
#: The demo's content, kept as data so that it can be edited without touching code
FILE = "demo_session.toml"
_CONTENT = tomllib.loads(files("facilitator.live").joinpath(FILE).read_text(encoding="utf-8"))

DEMO_MODERATOR_NAME: str = _CONTENT["moderator"]["name"]
SESSION_FIELDS: dict[str, Any] = _CONTENT["session"] | {
    "kind": SessionKind(_CONTENT["session"]["kind"])
}
DEMO_TITLE: str = SESSION_FIELDS["title"]
#: The agenda items, the five models' groups and the participants, each a row's columns
AGENDA: list[dict[str, Any]] = [
    item | {"kind": AgendaKind(item["kind"])} for item in _CONTENT["agenda"]
]
GROUPS: list[dict[str, Any]] = _CONTENT["group"]
PARTICIPANTS: list[dict[str, Any]] = _CONTENT["participant"]


@dataclass(frozen=True)
class DemoResult:
    """The demo session and the moderator login to run it (the password only when just set)."""

    session: DesignSession
    email: str
    password: str | None


def _demo_moderator(reset_password: bool) -> tuple[Moderator, str | None]:
    """The demo moderator, and the password when it was just set (created or reset)."""
    moderator = db.session.scalar(sa.select(Moderator).filter_by(email=DEMO_EMAIL))
    if moderator is None:
        moderator = Moderator(email=DEMO_EMAIL, full_name=DEMO_MODERATOR_NAME, locale="ru")
        db.session.add(moderator)
    elif not reset_password:
        return moderator, None
    password = secrets.token_urlsafe(9)
    moderator.set_password(password)
    return moderator, password


def new_session(moderator: Moderator, phase: Phase, **changes: Any) -> DesignSession:
    """A session with the demo's title and texts, fresh codes, in this phase; not stored yet."""
    return DesignSession(
        owner=moderator,
        join_code=new_join_code(),
        projector_token=new_projector_token(),
        phase=phase,
        **(SESSION_FIELDS | changes),
    )


def _build_session(moderator: Moderator) -> DesignSession:
    session = new_session(moderator, Phase.lobby)
    session.agenda.extend(
        AgendaItem(position=position, **item) for position, item in enumerate(AGENDA)
    )
    session.groups.extend(
        CreativeGroup(position=position, capacity=GROUP_CAPACITY, **group)
        for position, group in enumerate(GROUPS)
    )
    give_session_template(session)
    now = dt.datetime.now(dt.UTC)
    # People joined at the door before the start, on the session's day: joined «now», years
    # after the session ended, nobody would count as present and the demo's attendance sheet
    # and certificates would be empty.
    doors_open = session_window(session, timezone()).start - dt.timedelta(minutes=15)
    for index, person in enumerate(PARTICIPANTS):
        group = session.groups[index % len(session.groups)]
        session.participants.append(
            Participant(
                group=group,
                device_id=new_device_id(),
                email=f"demo.participant{index + 1}@example.org" if index % 3 else None,
                consented_at=now,
                # The first person placed in each group leads it.
                is_leader=index < len(session.groups),
                joined_at=(doors_open + dt.timedelta(seconds=20 * index)).astimezone(dt.UTC),
                **person,
            )
        )
    db.session.add(session)
    return session


def create_demo(reset_password: bool = False) -> DemoResult:
    """Create the demo session (or reuse it); the moderator keeps a password set before."""
    moderator, password = _demo_moderator(reset_password)
    db.session.flush()
    session = db.session.scalar(
        sa.select(DesignSession)
        .filter_by(owner_id=moderator.id, title=DEMO_TITLE)
        .order_by(DesignSession.id)
        .limit(1)
    )
    if session is None:
        session = _build_session(moderator)
        log.info("Demo session created")
    elif not session.phase.accepts_participants:
        # A demo left closed by the last run would greet people with «the session has ended».
        session.phase = Phase.lobby
        log.info("Demo session %s reopened for registration", session.id)
    db.session.commit()
    log.info("Demo session %s ready for moderator %s", session.id, DEMO_EMAIL)
    return DemoResult(session=session, email=DEMO_EMAIL, password=password)
