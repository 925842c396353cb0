"""E-mailing personal invitations through the materials' mailing machinery (a mailing kind)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from facilitator.door import invitations
from facilitator.extensions import db
from facilitator.joining.qr import qr_png
from facilitator.materials import mailing
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.phases import Phase
from facilitator.text.dates import date_in_words
from facilitator.text.sanitize import one_line
from facilitator.text.typography import quoted


@dataclass(frozen=True)
class Readiness:
    """What the invitations page says about e-mailing: whether it can, and to how many."""

    configured: bool
    closed: bool
    audience: mailing.Audience

    @property
    def can_send(self) -> bool:
        """Whether the button works."""
        return self.configured and not self.closed and bool(self.audience.recipients)


def audience(session: DesignSession) -> mailing.Audience:
    """Everyone with a personal link and an e-mail address; each gets their own link."""
    people = db.session.scalars(
        sa.select(Participant)
        .where(Participant.session_id == session.id, Participant.invite_token.is_not(None))
        .order_by(Participant.full_name, Participant.id)
    ).all()
    recipients = tuple(
        mailing.Recipient(one_line(p.full_name), one_line(p.email).strip(), p.id)
        for p in people
        if p.email and one_line(p.email).strip()
    )
    return mailing.Audience(recipients, len(people) - len(recipients))


def ready(session: DesignSession) -> mailing.MailSettings:
    """The mail settings, once invitations may be sent; MailingError says why not."""
    settings = mailing.mail_settings()
    if settings is None:
        raise mailing.MailingError(_("E-mail is not set up on this server."))
    if session.phase == Phase.closed:
        raise mailing.MailingError(_("The session is closed: invitations are no longer sent."))
    return settings


def readiness(session: DesignSession) -> Readiness:
    """Whether the invitations can be e-mailed now, and to how many people."""
    return Readiness(
        configured=mailing.mail_settings() is not None,
        closed=session.phase == Phase.closed,
        audience=audience(session),
    )


def compose(session: DesignSession, participant: Participant, sender: str) -> EmailMessage:
    """One person's invitation in the session's language: the link, and its QR code attached."""
    language = session.language
    title = one_line(session.title)
    shown_title = quoted(title) if language == "ru" else f"“{title}”"
    url = invitations.invitation_url(participant)
    name = one_line(participant.full_name)
    with force_locale(language):
        subject = _("Your invitation: %(title)s", title=title)
        when = date_in_words(session.date, language).replace("\u00a0", " ")
        lines = [
            _("Dear %(name)s,", name=name),
            "",
            _(
                "You are registered for %(title)s on %(date)s at %(time)s.",
                title=shown_title,
                date=when,
                time=session.starts_at.strftime("%H:%M"),
            ),
        ]
        if session.venue.strip():
            lines.append(_("Venue: %(venue)s", venue=one_line(session.venue)))
        lines += [
            "",
            _("Your personal link (open it on your phone, it is only for you):"),
            url,
            "",
            _(
                "At the door, show the attached QR code: you will be checked in at once. On "
                "your phone the link opens the session without registering again."
            ),
        ]
        lines += mailing.contact_lines(session)
    recipient = mailing.Recipient(name, one_line(participant.email or ""), participant.id)
    message = mailing.new_message(sender, recipient, subject, lines)
    message.add_attachment(
        qr_png(url, scale=8), maintype="image", subtype="png", filename="invitation-qr.png"
    )
    return message


def letters(session: DesignSession, sender: str) -> Callable[[mailing.Recipient], EmailMessage]:
    """The function the mailing task calls for each recipient: their own invitation."""

    def letter(recipient: mailing.Recipient) -> EmailMessage:
        participant = db.session.get(Participant, recipient.participant_id or 0)
        if participant is None or participant.invite_token is None:
            # Removed, or the link was revoked since the mailing started.
            raise ValueError(_("the personal link was revoked"))
        return compose(session, participant, sender)

    return letter


INVITATIONS = mailing.MailKind(
    "invitations",
    audience,
    letters,
    ready=ready,
    busy=lambda: _("The invitations are being sent already."),
)


def register() -> None:
    """Make invitations a kind of mailing."""
    mailing.register_kind(INVITATIONS)
