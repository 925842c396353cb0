"""Joining a session: finding it by code, registering a device, choosing and changing groups.

Each service that changes group membership is one transaction: it locks the groups it fills,
counts their members afresh, writes and commits, so two phones racing for the last place in a
group cannot both get it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from facilitator.database import count_by, listed
from facilitator.extensions import db
from facilitator.hall import links
from facilitator.sessions import co_editing
from facilitator.sessions.codes import normalise_join_code
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import Phase

log = logging.getLogger(__name__)

#: Phases in which a participant may still move to another group on their own
SELF_SERVICE_GROUP_PHASES = (Phase.lobby, Phase.talks)


class JoinError(ValueError):
    """Raised when a participant cannot join or move as asked; the message is for people."""


class GroupFullError(JoinError):
    """Raised when the chosen group has no free places left."""


class AlreadyRegisteredError(JoinError):
    """Raised when this device has already registered in the session."""


@dataclass(frozen=True)
class ParticipantDetails:
    """What a participant tells about themselves on the registration form."""

    full_name: str
    organisation: str
    position: str
    city: str
    email: str | None = None


@dataclass(frozen=True)
class Registration:
    """A registered participant, with what the page says about it read before the commit."""

    participant: Participant
    join_code: str
    #: The group they were placed in; None when every group was full
    group_name: str | None


@dataclass(frozen=True)
class GroupOption:
    """A creative group as offered on the registration and change-group forms."""

    group: CreativeGroup
    members: int
    free_places: int

    @property
    def is_full(self) -> bool:
        """Whether nobody else may join the group."""
        return self.free_places <= 0


def find_session_by_code(raw_code: str | None) -> DesignSession | None:
    """The session whose join code this is, however it was typed."""
    code = normalise_join_code(raw_code or "")
    if not code:
        return None
    return db.session.scalar(sa.select(DesignSession).filter_by(join_code=code))


def join_problem(session: DesignSession | None) -> str | None:
    """Why nobody can join this session now, in words for the participant; None if they can."""
    if session is None:
        return _("There is no session with this code. Check the digits and try again.")
    if session.phase == Phase.draft:
        return _("Registration for this session has not opened yet.")
    if session.phase == Phase.closed:
        return _("This session has ended, the code is no longer valid.")
    return None


def format_join_code(code: str) -> str:
    """Group the digits in threes for dictation: «482 915»."""
    return " ".join(code[i : i + 3] for i in range(0, len(code), 3))


def join_url(session: DesignSession) -> str:
    """The direct link to registration, as printed and encoded in the QR code."""
    return links.external_url("join.direct_link", code=session.join_code)


def start_url() -> str:
    """The start page's address, where people type the code."""
    return links.external_url("join.enter_code")


def may_change_group(session: DesignSession) -> bool:
    """Whether participants may still move themselves to another group."""
    return session.phase in SELF_SERVICE_GROUP_PHASES


def member_counts(session: DesignSession) -> dict[int, int]:
    """How many people each group of the session has, counted in the database."""
    return count_by(
        Participant.group_id,
        Participant.session_id == session.id,
        Participant.group_id.is_not(None),
    )


def group_options(session: DesignSession) -> list[GroupOption]:
    """Every group of the session with its member count and free places, in order."""
    counts = member_counts(session)
    return [
        GroupOption(
            group=group,
            members=counts.get(group.id, 0),
            free_places=max(group.capacity - counts.get(group.id, 0), 0),
        )
        for group in session.groups
    ]


def group_leader(group: CreativeGroup) -> Participant | None:
    """The group's leader, if one is named, read without loading every member."""
    return db.session.scalar(
        sa.select(Participant).filter_by(group_id=group.id, is_leader=True).limit(1)
    )


def lock_groups(session: DesignSession, group_ids: list[int] | None = None) -> list[CreativeGroup]:
    """Lock the session's groups (or the listed ones) for this transaction, in id order."""
    condition = CreativeGroup.session_id == session.id
    if group_ids is not None:
        condition = sa.and_(condition, CreativeGroup.id.in_(group_ids))
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite ignores FOR UPDATE; a no-op write as the first statement of the transaction
        # takes the database's write lock, so a rival waits here (busy timeout) until we commit.
        db.session.execute(
            sa.update(CreativeGroup)
            .where(condition)
            .values(capacity=CreativeGroup.capacity)
            .execution_options(synchronize_session=False)
        )
    return listed(
        sa.select(CreativeGroup)
        .where(condition)
        .order_by(CreativeGroup.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _count_members(group_id: int, excluding: int | None = None) -> int:
    """Members of a group as committed so far; read after taking the lock."""
    query = sa.select(sa.func.count(Participant.id)).where(Participant.group_id == group_id)
    if excluding is not None:
        query = query.where(Participant.id != excluding)
    return db.session.scalar(query) or 0


def _pick_group(
    groups: list[CreativeGroup], excluding_participant: int | None = None
) -> CreativeGroup | None:
    """The locked group with the most free places (the first in order on a tie), if any."""
    conditions = [Participant.group_id.in_([group.id for group in groups])]
    if excluding_participant is not None:
        conditions.append(Participant.id != excluding_participant)
    # One grouped count under the lock rather than one per group: the lock is held for less.
    counts = count_by(Participant.group_id, *conditions)
    best: CreativeGroup | None = None
    best_free = 0
    for group in sorted(groups, key=lambda g: (g.position, g.id)):
        free = group.capacity - counts.get(group.id, 0)
        if free > best_free:
            best, best_free = group, free
    return best


def _full_error(group: CreativeGroup) -> GroupFullError:
    return GroupFullError(_("The group «%(name)s» is full. Choose another group.", name=group.name))


def _claim_place(
    session: DesignSession, group_id: int | None, participant_id: int | None = None
) -> CreativeGroup | None:
    """Lock and return the group to put someone in; None for 'any' when every group is full."""
    if group_id is None:
        return _pick_group(lock_groups(session), participant_id)
    locked = lock_groups(session, [group_id])
    if not locked:
        raise JoinError(_("This group does not belong to the session."))
    group = locked[0]
    if _count_members(group.id, participant_id) >= group.capacity:
        raise _full_error(group)
    return group


def register_participant(
    session: DesignSession,
    device_id: str,
    details: ParticipantDetails,
    group_id: int | None,
) -> Registration:
    """Register this device in the session, in the chosen group or any group with free places.

    ``group_id`` None means any group; when every group is full the person is registered
    without a group and the moderator places them.
    """
    existing = db.session.scalar(
        sa.select(Participant.id).filter_by(session_id=session.id, device_id=device_id)
    )
    if existing:
        raise AlreadyRegisteredError(_("This device is already registered in this session."))
    try:
        group = _claim_place(session, group_id)
        participant = Participant(
            session_id=session.id,
            group_id=group.id if group else None,
            device_id=device_id,
            full_name=details.full_name,
            organisation=details.organisation,
            position=details.position,
            city=details.city,
            email=details.email or None,
            consented_at=dt.datetime.now(dt.UTC),
        )
        db.session.add(participant)
        db.session.flush()
        # The commit expires every row read: what the log and the page need is kept first,
        # so a join storm's registrations ask the database nothing more after it.
        registered = Registration(participant, session.join_code, group.name if group else None)
        logged = (participant.id, session.id, participant.group_id)
        db.session.commit()
    except JoinError:
        db.session.rollback()
        raise
    except IntegrityError as error:
        # The same device submitted twice at once: the unique constraint kept one.
        db.session.rollback()
        log.info("Duplicate registration from one device in session %s refused", session.id)
        raise AlreadyRegisteredError(
            _("This device is already registered in this session.")
        ) from error
    log.info("Participant %s joined session %s in group %s", *logged)
    return registered


def place_participant(participant: Participant, group_id: int | None) -> CreativeGroup | None:
    """Move a participant to a group (None: out of every group), respecting capacity; commits."""
    if group_id == participant.group_id:
        return participant.group
    session = participant.session
    previous = participant.group_id
    try:
        group = None
        if group_id is not None:
            group = _claim_place(session, group_id, participant.id)
        participant.group_id = group.id if group else None
        # A leader leads the group they are in; moving away gives the role up.
        participant.is_leader = False
        db.session.commit()
    except JoinError:
        db.session.rollback()
        raise
    log.info("Participant %s of session %s moved to group %s", participant.id, session.id, group_id)
    if previous is not None:
        co_editing.membership_ended(previous, participant.id)
    db.session.refresh(participant)
    return participant.group


def change_own_group(participant: Participant, group_id: int) -> CreativeGroup | None:
    """A participant moves themselves to another group while the phase allows it."""
    if not may_change_group(participant.session):
        raise JoinError(_("Groups can no longer be changed: the group work has begun."))
    return place_participant(participant, group_id)
