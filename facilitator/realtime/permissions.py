"""Who may read and edit a group's model; checked on every event."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import g
from flask_login import current_user
from sqlalchemy.orm import joinedload

from facilitator.extensions import db
from facilitator.joining.identity import current_participant, device_id_from_request
from facilitator.realtime import errors
from facilitator.realtime.models import GroupDocument
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import Phase

EDITOR = "editor"
VIEWER = "viewer"
MODERATOR = "moderator"
PARTICIPANT = "participant"
#: Participants edit their model up to and including group work
EDITABLE_PHASES = frozenset({Phase.draft, Phase.lobby, Phase.talks, Phase.group_work})
WORK_OVER = "work_over"
OTHER_GROUP = "other_group"
#: A participant who was moved out of the group (or out of the session) while in its model
LEFT_GROUP = "left_group"
#: A participant reading another group's model when the moderator turned such reading off
READING_CLOSED = "reading_closed"


@dataclass(frozen=True)
class Person:
    """Who is behind a connection, as far as one design session is concerned."""

    kind: str
    id: int
    name: str
    #: The participant's group; None for moderators
    group_id: int | None = None

    def as_json(self) -> dict[str, object]:
        """The `me` object of the join acknowledgement."""
        return {"kind": self.kind, "id": self.id, "name": self.name}


@dataclass(frozen=True)
class GroupRef:
    """The columns of a group the editing path needs, read without building ORM objects."""

    id: int
    session_id: int
    phase: Phase


@dataclass(frozen=True)
class Access:
    """A person's rights to one group's model."""

    person: Person
    group: CreativeGroup | GroupRef
    role: str
    read_only_reason: str | None = None

    @property
    def is_member(self) -> bool:
        """Whether the person is a participant of this very group."""
        return self.person.kind == PARTICIPANT and self.person.group_id == self.group.id

    def read_only_message(self) -> str | None:
        """The reason as a sentence in the user's language."""
        return read_only_message(self.read_only_reason)


def read_only_message(reason: str | None) -> str | None:
    """A read-only reason code as a sentence in the user's language."""
    if reason == WORK_OVER:
        return errors.work_over_message()
    if reason == OTHER_GROUP:
        return errors.other_group_message()
    if reason == LEFT_GROUP:
        return errors.left_group_message()
    if reason == READING_CLOSED:
        return errors.reading_closed_message()
    return None


def decide(
    person_kind: str | None,
    is_member: bool,
    phase: Phase,
    others_may_view: bool,
    reopened: bool,
) -> tuple[str, str | None] | None:
    """The role and read-only reason for a kind of person; None when they may not look."""
    if person_kind == MODERATOR:
        return EDITOR, None
    if person_kind != PARTICIPANT:
        return None
    if is_member:
        if phase in EDITABLE_PHASES or reopened:
            return EDITOR, None
        return VIEWER, WORK_OVER
    if others_may_view:
        return VIEWER, OTHER_GROUP
    return None


def identify(session: DesignSession) -> Person | None:
    """The moderator or participant this connection is for the session, from its cookies."""
    if session.is_moderated_by(current_user):
        return Person(MODERATOR, current_user.id, current_user.full_name)
    participant = current_participant(session)
    if participant is None:
        return None
    return Person(PARTICIPANT, participant.id, participant.full_name, participant.group_id)


def editing_reopened(group: CreativeGroup | GroupRef) -> bool:
    """Whether a moderator let the group's members edit after group work."""
    return bool(
        db.session.scalar(
            sa.select(GroupDocument.editing_reopened).where(GroupDocument.group_id == group.id)
        )
    )


def group_or_404(group_id: int) -> CreativeGroup:
    """The group, with the session's language chosen for messages; not_found otherwise."""
    group = db.session.get(CreativeGroup, group_id, options=[joinedload(CreativeGroup.session)])
    if group is None:
        raise errors.group_not_found(f"group {group_id}")
    g.session_language = group.session.language
    return group


def session_or_404(session_id: int) -> DesignSession:
    """The design session, with its language chosen for messages; not_found otherwise."""
    session = db.session.get(DesignSession, session_id)
    if session is None:
        raise errors.session_not_found(f"session {session_id}")
    g.session_language = session.language
    return session


def access_to(group: CreativeGroup) -> Access:
    """The connection's rights to the group's model; forbidden when it has none."""
    session = group.session
    person = identify(session)
    is_member = person is not None and person.kind == PARTICIPANT and person.group_id == group.id
    # Only a member after group work needs the reopened flag: spare every other event the query.
    reopened = is_member and session.phase not in EDITABLE_PHASES and editing_reopened(group)
    decision = decide(
        person.kind if person else None,
        is_member,
        session.phase,
        session.others_may_view_models,
        reopened,
    )
    if person is None or decision is None:
        raise errors.forbidden(f"{person or 'anonymous'} on group {group.id}")
    role, reason = decision
    return Access(person, group, role, reason)


def participant_access_to(group_id: int) -> Access | None:
    """As access_to(group_or_404(...)) for a participant's device, in one narrow query.

    The hot path of `update`. None when the connection is a logged-in moderator's: that one
    takes the full path (co-moderators need the ORM).
    """
    if getattr(current_user, "is_authenticated", False):
        return None
    # Core columns, not ORM attributes: the ORM's execution path doubled this query's CPU.
    groups, sessions, people = (
        CreativeGroup.__table__.c,
        DesignSession.__table__.c,
        Participant.__table__.c,
    )
    row = db.session.execute(
        sa.select(
            groups.session_id,
            sessions.phase,
            sessions.others_may_view_models,
            sessions.language,
            people.id,
            people.full_name,
            people.group_id,
        )
        .select_from(CreativeGroup.__table__)
        .join(DesignSession.__table__, sessions.id == groups.session_id)
        .outerjoin(
            Participant.__table__,
            sa.and_(
                people.session_id == groups.session_id,
                # No cookie compares with NULL, which matches nobody.
                people.device_id == device_id_from_request(),
            ),
        )
        .where(groups.id == group_id)
    ).first()
    if row is None:
        raise errors.group_not_found(f"group {group_id}")
    session_id, phase, others_may_view, language, person_id, name, person_group = row
    phase = Phase(phase)
    g.session_language = language
    group = GroupRef(group_id, session_id, phase)
    if person_id is None:
        raise errors.forbidden(f"anonymous on group {group_id}")
    person = Person(PARTICIPANT, person_id, name, person_group)
    is_member = person_group == group_id
    reopened = is_member and phase not in EDITABLE_PHASES and editing_reopened(group)
    decision = decide(PARTICIPANT, is_member, phase, others_may_view, reopened)
    if decision is None:
        raise errors.forbidden(f"{person} on group {group_id}")
    role, reason = decision
    return Access(person, group, role, reason)


def require_editor(access: Access) -> Access:
    """The same access if it may edit; read_only or forbidden otherwise."""
    if access.role == EDITOR:
        return access
    if access.read_only_reason == WORK_OVER:
        raise errors.read_only(f"{access.person} after group work on group {access.group.id}")
    raise errors.viewer_cannot_edit(f"{access.person} views group {access.group.id}")


def members_role(group: CreativeGroup) -> tuple[str, str | None]:
    """The role the group's own participants have now."""
    session = group.session
    role, reason = decide(  # type: ignore[misc]
        PARTICIPANT, True, session.phase, session.others_may_view_models, editing_reopened(group)
    )
    return role, reason


def require_moderator(session: DesignSession) -> Person:
    """The logged-in moderator of the session; forbidden otherwise."""
    if not session.is_moderated_by(current_user):
        raise errors.forbidden(f"not a moderator of session {session.id}")
    return Person(MODERATOR, current_user.id, current_user.full_name)
