"""Preparing a session: its details, phase before the start, and the moderators' team."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from facilitator import signals
from facilitator.accounts.models import Moderator
from facilitator.accounts.services import find_moderator
from facilitator.extensions import db
from facilitator.sessions import co_editing, codes, counts, model_templates
from facilitator.sessions.models import (
    CreativeGroup,
    DesignSession,
    ModelTemplate,
    Participant,
    PhaseTransitionError,
    session_moderators,
)
from facilitator.sessions.phases import Phase

log = logging.getLogger(__name__)

#: The session's columns the preparation form edits
SESSION_FIELDS = (
    "title",
    "kind",
    "theme",
    "date",
    "starts_at",
    "ends_at",
    "venue",
    "host_organisation",
    "co_organisers",
    "framing_event",
    "language",
    "contact_name",
    "contact_phone",
    "officials",
    "moderators_note",
    "cultural_programme",
    "closing_thanks",
    "post_url",
    "districts_city",
    "others_may_view_models",
)
#: Fields kept one item per line
LINE_FIELDS = ("co_organisers", "officials", "moderators_note")
MAX_NEW_GROUPS = 50


class PreparationError(ValueError):
    """A change the moderator asked for cannot be made; the message says why, translated."""


@dataclass(frozen=True)
class SessionSummary:
    """A line of the moderator's list of sessions."""

    session: DesignSession
    group_count: int
    participant_count: int


def sessions_of(moderator: Moderator) -> list[SessionSummary]:
    """Sessions the moderator owns or co-moderates, newest first, with their counts."""
    group_count = counts.in_session(CreativeGroup, DesignSession.id)
    participant_count = counts.in_session(Participant, DesignSession.id)
    co_moderated = sa.select(session_moderators.c.session_id).where(
        session_moderators.c.moderator_id == moderator.id
    )
    rows = db.session.execute(
        sa.select(DesignSession, group_count, participant_count)
        .where(sa.or_(DesignSession.owner_id == moderator.id, DesignSession.id.in_(co_moderated)))
        .order_by(DesignSession.date.desc(), DesignSession.id.desc())
    )
    return [SessionSummary(s, groups or 0, people or 0) for s, groups, people in rows]


def default_group_name(number: int, language: str) -> str:
    """«Группа 1» or «Group 1», in the session's language rather than the moderator's."""
    with force_locale(language):
        return _("Group %(num)d", num=number)


def library_template(moderator: Moderator, template_id: int | None) -> ModelTemplate | None:
    """One of the moderator's library templates, or None for the default template."""
    if not template_id:
        return None
    return next(
        (t for t in model_templates.library_templates(moderator) if t.id == template_id), None
    )


def create_session(
    owner: Moderator,
    details: dict[str, Any],
    group_count: int = 5,
    source: ModelTemplate | None = None,
) -> DesignSession:
    """Create a session in preparation with its groups and its own copy of a template."""
    session = DesignSession(
        owner=owner,
        join_code=codes.new_join_code(),
        projector_token=codes.new_projector_token(),
        phase=Phase.draft,
        **_session_values(details),
    )
    for index in range(min(max(group_count, 0), MAX_NEW_GROUPS)):
        session.groups.append(
            CreativeGroup(name=default_group_name(index + 1, session.language), position=index)
        )
    model_templates.give_session_template(session, source)
    db.session.add(session)
    db.session.commit()
    log.info(
        "Session %s %r created by %s with %d groups and template %r",
        session.id,
        session.title,
        owner.email,
        len(session.groups),
        session.template.name if session.template else None,
    )
    return session


def update_session(session: DesignSession, details: dict[str, Any], by: Moderator) -> None:
    """Change the session's details."""
    could_read = session.others_may_view_models
    for name, value in _session_values(details).items():
        setattr(session, name, value)
    db.session.commit()
    log.info("Session %s details changed by %s", session.id, by.email)
    if could_read and not session.others_may_view_models:
        co_editing.reading_closed(session)


def _session_values(details: dict[str, Any]) -> dict[str, Any]:
    values = {name: details[name] for name in SESSION_FIELDS if name in details}
    for name in LINE_FIELDS:
        if name in values:
            lines = (line.strip() for line in (values[name] or "").splitlines())
            values[name] = "\n".join(line for line in lines if line)
    return values


def may_manage_team(session: DesignSession, moderator: Moderator) -> bool:
    """Only the owner adds and removes co-moderators and deletes the session."""
    return moderator.id == session.owner_id


def delete_session(session: DesignSession, by: Moderator) -> None:
    """Delete the session with everything in it; only its owner may."""
    if not may_manage_team(session, by):
        raise PreparationError(_("Only the session's owner can delete it."))
    session_id, title = session.id, session.title
    db.session.delete(session)
    db.session.commit()
    log.info("Session %s %r deleted by %s", session_id, title, by.email)


def open_registration(session: DesignSession, by: Moderator) -> None:
    """Move a session from preparation to registration, so people may join with the code."""
    if session.phase != Phase.draft:
        raise PreparationError(_("Registration is already open."))
    _move(session, Phase.lobby, by)


def back_to_preparation(session: DesignSession, by: Moderator) -> None:
    """Return the session to preparation while nobody has joined yet."""
    if session.phase == Phase.draft:
        raise PreparationError(_("The session is already in preparation."))
    if session.participants:
        raise PreparationError(
            _("People have joined, so the session cannot go back to preparation.")
        )
    _move(session, Phase.draft, by)


def may_go_back_to_preparation(session: DesignSession) -> bool:
    """Whether the "Back to preparation" button applies."""
    return session.phase != Phase.draft and not session.participants


def _move(session: DesignSession, phase: Phase, by: Moderator) -> None:
    previous = session.phase
    try:
        session.move_to(phase)
    except PhaseTransitionError as error:
        db.session.rollback()
        log.info("Session %s refused to move to %s: %s", session.id, phase, error)
        raise PreparationError(_("The phase cannot be changed now.")) from error
    db.session.commit()
    log.info("Session %s moved from %s to %s by %s", session.id, previous, phase, by.email)
    _tell_the_hall(session)


def _tell_the_hall(session: DesignSession) -> None:
    """Phones and the projector following the session learn the new phase at once."""
    signals.session_state_changed.send(session)


def add_co_moderator(session: DesignSession, email: str, by: Moderator) -> Moderator:
    """Let another moderator account prepare and run the session."""
    if not may_manage_team(session, by):
        raise PreparationError(_("Only the session's owner can manage the team."))
    moderator = find_moderator(email)
    if moderator is None:
        raise PreparationError(
            _("There is no moderator account with this e-mail. Ask the person to get one first.")
        )
    if moderator.id == session.owner_id:
        raise PreparationError(_("This moderator owns the session."))
    if any(m.id == moderator.id for m in session.co_moderators):
        raise PreparationError(_("This moderator is already in the team."))
    session.co_moderators.append(moderator)
    db.session.commit()
    log.info("Co-moderator %s added to session %s by %s", moderator.email, session.id, by.email)
    return moderator


def remove_co_moderator(session: DesignSession, moderator_id: int, by: Moderator) -> Moderator:
    """Take a co-moderator off the session."""
    if not may_manage_team(session, by):
        raise PreparationError(_("Only the session's owner can manage the team."))
    moderator = next((m for m in session.co_moderators if m.id == moderator_id), None)
    if moderator is None:
        raise LookupError(moderator_id)
    session.co_moderators.remove(moderator)
    db.session.commit()
    log.info("Co-moderator %s removed from session %s by %s", moderator.email, session.id, by.email)
    return moderator


def today() -> dt.date:
    """The date a new session's form starts with."""
    return dt.date.today()
