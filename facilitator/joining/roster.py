"""The moderator's roster: who joined, moves between groups, leaders, removal, auto-balance."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from facilitator.extensions import db
from facilitator.joining.services import (
    GroupOption,
    JoinError,
    group_options,
    lock_groups,
    member_counts,
    place_participant,
)
from facilitator.sessions import co_editing
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

log = logging.getLogger(__name__)


class RosterError(JoinError):
    """Raised when a change to the roster cannot be made; the message is for people."""


@dataclass
class RosterSection:
    """One block of the roster: a group (or nobody's group) and its people."""

    option: GroupOption | None
    participants: list[Participant] = field(default_factory=list)

    @property
    def group(self) -> CreativeGroup | None:
        """The group, or None for the people not in any group yet."""
        return self.option.group if self.option else None


@dataclass(frozen=True)
class BalanceResult:
    """What an auto-balance did."""

    placed: int
    unplaced: int


def roster_sections(session: DesignSession) -> list[RosterSection]:
    """The session's participants by group, people without a group first."""
    participants = db.session.scalars(
        sa.select(Participant)
        .where(Participant.session_id == session.id)
        .order_by(Participant.full_name, Participant.id)
    ).all()
    sections = [RosterSection(option=None)]
    by_group: dict[int, RosterSection] = {}
    for option in group_options(session):
        by_group[option.group.id] = RosterSection(option=option)
        sections.append(by_group[option.group.id])
    for participant in participants:
        section = by_group.get(participant.group_id) if participant.group_id else None
        (section or sections[0]).participants.append(participant)
    return sections


def participant_in_session(session: DesignSession, participant_id: int) -> Participant | None:
    """The participant if they belong to this session."""
    participant = db.session.get(Participant, participant_id)
    return participant if participant and participant.session_id == session.id else None


def move_participant(participant: Participant, group_id: int | None) -> CreativeGroup | None:
    """Move a participant to another group or out of every group, within capacity; commits."""
    return place_participant(participant, group_id)


def set_leader(participant: Participant, make_leader: bool) -> Participant | None:
    """Name or un-name a group leader; returns the leader replaced, if any. Commits."""
    if participant.group_id is None:
        raise RosterError(_("Put the participant in a group before naming them its leader."))
    session = participant.session
    lock_groups(session, [participant.group_id])
    replaced = None
    if make_leader:
        replaced = db.session.scalar(
            sa.select(Participant).where(
                Participant.group_id == participant.group_id,
                Participant.is_leader.is_(True),
                Participant.id != participant.id,
            )
        )
        if replaced is not None:
            replaced.is_leader = False
    participant.is_leader = make_leader
    db.session.commit()
    log.info(
        "Participant %s %s leader of group %s (replaced %s)",
        participant.id,
        "made" if make_leader else "no longer",
        participant.group_id,
        replaced.id if replaced else None,
    )
    return replaced


def remove_participant(participant: Participant) -> None:
    """Take a participant out of the session, with their personal data; commits."""
    participant_id, session_id = participant.id, participant.session_id
    group_id = participant.group_id
    db.session.delete(participant)
    db.session.commit()
    log.info("Participant %s removed from session %s", participant_id, session_id)
    if group_id is not None:
        co_editing.membership_ended(group_id, participant_id, still_in_session=False)


def auto_balance(session: DesignSession) -> BalanceResult:
    """Put everyone without a group into the groups with the most free places; commits."""
    groups = sorted(lock_groups(session), key=lambda g: (g.position, g.id))
    counts = member_counts(session)
    waiting = db.session.scalars(
        sa.select(Participant)
        .where(Participant.session_id == session.id, Participant.group_id.is_(None))
        .order_by(Participant.joined_at, Participant.id)
    ).all()
    placed = 0
    for participant in waiting:
        free = {g.id: g.capacity - counts.get(g.id, 0) for g in groups}
        best = max(groups, key=lambda g: free[g.id], default=None)
        if best is None or free[best.id] <= 0:
            break
        participant.group_id = best.id
        counts[best.id] = counts.get(best.id, 0) + 1
        placed += 1
    db.session.commit()
    result = BalanceResult(placed=placed, unplaced=len(waiting) - placed)
    log.info(
        "Auto-balance in session %s: %s placed, %s left without a group",
        session.id,
        result.placed,
        result.unplaced,
    )
    return result
