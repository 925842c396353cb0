"""Personal invitation links: unguessable tokens, issuing, revoking, and a phone taking one up."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
import secrets

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from facilitator.database import listed
from facilitator.extensions import db
from facilitator.hall import links
from facilitator.sessions.models import DesignSession, Participant

log = logging.getLogger(__name__)

#: 24 random bytes: 192 bits, 32 URL-safe characters
TOKEN_BYTES = 24
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")
#: Sources whose people are invited personally
INVITED_SOURCES = ("import", "walk_in")


class InvitationError(ValueError):
    """Raised when a phone cannot take up an invitation; the message is for people."""


class BoundElsewhere(InvitationError):
    """The invitation was already taken up on another phone."""


class DeviceTaken(InvitationError):
    """This phone is already another participant of the session."""

    def __init__(self, message: str, other: Participant) -> None:
        super().__init__(message)
        self.other = other


def new_token() -> str:
    """A fresh personal token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_from_text(text: str) -> str | None:
    """The token in a scanned or pasted invitation link (or the bare token), if any."""
    text = (text or "").strip()
    match = re.search(r"/i/([A-Za-z0-9_-]{32})(?:[/?#]|$)", text)
    candidate = match.group(1) if match else text
    return candidate if TOKEN_PATTERN.match(candidate) else None


def by_token(token: str) -> Participant | None:
    """The participant whose invitation this is; None for an unknown or replaced token."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    participant = db.session.scalar(sa.select(Participant).filter_by(invite_token=token))
    # The lookup is by index; compare once more in constant time all the same.
    if participant is None or not hmac.compare_digest(participant.invite_token or "", token):
        return None
    return participant


def invitation_url(participant: Participant) -> str:
    """The personal link, as printed, e-mailed and encoded in the QR code."""
    return links.external_url("door_personal.open_invitation", token=participant.invite_token)


def invited(session: DesignSession) -> list[Participant]:
    """People with a personal link or who came from the list, by name."""
    return listed(
        sa.select(Participant)
        .where(
            Participant.session_id == session.id,
            sa.or_(
                Participant.invite_token.is_not(None),
                Participant.source.in_(INVITED_SOURCES),
            ),
        )
        .order_by(Participant.full_name, Participant.id)
    )


def reissue(participant: Participant) -> str:
    """Give the participant a new personal link; the old one stops working. Commits."""
    participant.invite_token = new_token()
    db.session.commit()
    log.info("Invitation of participant %s reissued", participant.id)
    return participant.invite_token


def revoke(participant: Participant) -> None:
    """Take the personal link away; it stops working. Commits."""
    participant.invite_token = None
    db.session.commit()
    log.info("Invitation of participant %s revoked", participant.id)


def reset_device(participant: Participant) -> None:
    """Forget the phone the participant used, so their link can be opened on another. Commits."""
    participant.device_id = None
    db.session.commit()
    log.info("Device of participant %s reset", participant.id)


def take_up(participant: Participant, device_id: str, consent: bool) -> Participant:
    """Make this phone the invited participant, recording consent if it was missing. Commits.

    Opening one's own link again on the same phone is harmless.
    """
    if participant.device_id == device_id:
        if participant.consented_at is None and consent:
            participant.consented_at = dt.datetime.now(dt.UTC)
            db.session.commit()
        return participant
    if participant.device_id is not None:
        raise BoundElsewhere(
            _(
                "This invitation has already been opened on another phone. If it is your "
                "invitation, ask the moderator to reset it, then open the link again."
            )
        )
    other = db.session.scalar(
        sa.select(Participant).filter_by(session_id=participant.session_id, device_id=device_id)
    )
    if other is not None:
        raise DeviceTaken(
            _(
                "This phone is already registered in the session as %(name)s. An invitation "
                "for someone else must be opened on their own phone.",
                name=other.full_name,
            ),
            other,
        )
    if participant.consented_at is None and not consent:
        raise InvitationError(
            _("Without consent to the processing of personal data you cannot take part.")
        )
    # Two phones opening one link at once: only the first takes it.
    now = dt.datetime.now(dt.UTC)
    try:
        taken = db.session.execute(
            sa.update(Participant)
            .where(Participant.id == participant.id, Participant.device_id.is_(None))
            .values(
                device_id=device_id,
                consented_at=sa.func.coalesce(Participant.consented_at, now),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
    except IntegrityError as error:
        # The same phone took up two invitations at once: the unique constraint kept one.
        db.session.rollback()
        raise InvitationError(_("This phone is already registered in this session.")) from error
    db.session.refresh(participant)
    if not taken:
        raise BoundElsewhere(_("This invitation has just been opened on another phone."))
    log.info("Participant %s took up their invitation on a device", participant.id)
    return participant
