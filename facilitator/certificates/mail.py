"""The certificates mailing kind: each person gets their own certificate by e-mail.

It rides on the materials' mailing machinery (one SMTP connection, each outcome committed,
resumable after a restart); only the audience and the message differ.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

from flask_babel import force_locale
from flask_babel import gettext as _

from facilitator.certificates import issue
from facilitator.materials import mailing
from facilitator.sessions.models import DesignSession
from facilitator.text.dates import date_in_words
from facilitator.text.sanitize import one_line
from facilitator.text.typography import quoted

KEY = "certificates"


def audience(session: DesignSession) -> mailing.Audience:
    """Everyone with a valid certificate and an e-mail: one message per certificate."""
    recipients = []
    without = 0
    for certificate in issue.valid(session):
        email = one_line(certificate.participant.email or "")
        if not email:
            without += 1
            continue
        recipients.append(
            mailing.Recipient(certificate.full_name, email, certificate.participant_id)
        )
    return mailing.Audience(tuple(recipients), without)


def letters(session: DesignSession, sender: str) -> Callable[[mailing.Recipient], EmailMessage]:
    """The composer of each person's message with their certificate attached."""
    by_person = {c.participant_id: (c, data) for c, data in issue.separately(session)}

    def compose(person: mailing.Recipient) -> EmailMessage:
        found = by_person.get(person.participant_id or 0)
        if found is None:
            # Revoked since the mailing started: nothing to send this person.
            raise ValueError(_("the certificate was revoked"))
        certificate, attachment = found
        language = session.language
        title = one_line(session.title)
        with force_locale(language):
            lines = [
                _("Dear %(name)s,", name=certificate.full_name),
                "",
                _(
                    "Thank you for taking part in %(title)s on %(date)s.",
                    title=quoted(title) if language == "ru" else f"“{title}”",
                    date=date_in_words(session.date, language).replace("\u00a0", " "),
                ),
                _("Your certificate of participation is attached."),
            ]
            subject = _("Certificate of participation: %(title)s", title=title)
        message = mailing.new_message(sender, person, subject, lines)
        message.add_attachment(
            attachment,
            maintype="application",
            subtype="pdf",
            filename=issue.filename(session, certificate),
        )
        return message

    return compose


CERTIFICATES = mailing.MailKind(KEY, audience, letters)
