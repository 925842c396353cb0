"""E-mailing the group materials to participants who gave an address, over one SMTP connection.

Settings come from the app config (``SMTP_HOST``, ``SMTP_PORT``, ``SMTP_USER``,
``SMTP_PASSWORD``, ``SMTP_STARTTLS``, ``SMTP_TIMEOUT``, ``MAIL_FROM``); without a host and a
sender address there is no e-mail. A refused address is reported and the others still get theirs.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from facilitator.materials import bundle, exports
from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import Phase
from facilitator.text.dates import date_in_words
from facilitator.text.sanitize import one_line
from facilitator.text.typography import quoted

log = logging.getLogger(__name__)

_SUBTYPE = bundle.DOCX.split("/", 1)[1]


class MailingError(Exception):
    """Raised when nothing can be sent; the message is for people."""


@dataclass(frozen=True)
class MailSettings:
    """How to reach the outgoing mail server."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout: int = 30

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings | None:
        """The settings, or None when the server has no host or sender address set."""
        host, sender = config.get("SMTP_HOST"), config.get("MAIL_FROM")
        if not host or not sender:
            return None
        return cls(
            host=host,
            port=int(config.get("SMTP_PORT") or 587),
            sender=sender,
            user=config.get("SMTP_USER") or None,
            password=config.get("SMTP_PASSWORD") or None,
            starttls=bool(config.get("SMTP_STARTTLS", True)),
            timeout=int(config.get("SMTP_TIMEOUT") or 30),
        )


def mail_settings() -> MailSettings | None:
    """The current app's mail settings, if e-mail is set up."""
    return MailSettings.from_config(current_app.config)


@dataclass(frozen=True)
class Recipient:
    """A participant the materials go to."""

    full_name: str
    email: str
    #: Set when the message is the person's own (an invitation with their personal link, a
    #: certificate attached)
    participant_id: int | None = None


@dataclass(frozen=True)
class Audience:
    """Who would get the materials: one entry per address, and how many gave none."""

    recipients: tuple[Recipient, ...]
    without_email: int


@dataclass(frozen=True)
class Readiness:
    """What the materials page says about sending: whether it can, and to how many."""

    configured: bool
    closed: bool
    audience: Audience

    @property
    def can_send(self) -> bool:
        """Whether the button works: e-mail set up, session closed, someone to send to."""
        return self.configured and self.closed and bool(self.audience.recipients)


@dataclass(frozen=True)
class Mailing:
    """What happened: addresses that got the materials, that did not and why, and no-shows."""

    sent: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    without_email: int = 0


def audience(session: DesignSession) -> Audience:
    """Participants who attended with an e-mail, one per address (case-insensitive), and those
    without; the materials are of the work of those who came."""
    recipients: dict[str, Recipient] = {}
    without = 0
    for participant in session.participants:
        if not participant.attended:
            continue
        email = one_line(participant.email or "").strip()
        if not email:
            without += 1
            continue
        recipients.setdefault(email.casefold(), Recipient(one_line(participant.full_name), email))
    return Audience(tuple(recipients.values()), without)


@dataclass(frozen=True)
class MailKind:
    """What a mailing sends: who gets it, each person's message, and when it may go."""

    key: str
    audience: Callable[[DesignSession], Audience]
    #: Builds what the messages share once, then returns the composer of each message
    letters: Callable[[DesignSession, str], Callable[[Recipient], EmailMessage]]
    #: The mail settings once sending may start (MailingError says why not); None: the
    #: group materials' rule, once the session is closed
    ready: Callable[[DesignSession], MailSettings] | None = None
    #: What a second click is told while one is being sent
    busy: Callable[[], str] = lambda: _("The materials are being sent already.")

    def ready_settings(self, session: DesignSession) -> MailSettings:
        """The mail settings, once this kind of mailing may go; MailingError says why not."""
        return (self.ready or ready_settings)(session)


def _group_letters(session: DesignSession, sender: str) -> Callable[[Recipient], EmailMessage]:
    attachment, filename = exports.build(session, bundle.GROUP_MATERIALS)
    return lambda person: compose(session, person, attachment, filename, sender)


GROUP_MATERIALS = MailKind("group_materials", audience, _group_letters)
#: Every kind of mailing by its key; other features add theirs with register_kind()
KINDS: dict[str, MailKind] = {GROUP_MATERIALS.key: GROUP_MATERIALS}


def register_kind(kind: MailKind) -> None:
    """Let the mailing machinery send another kind of message (certificates, say)."""
    KINDS[kind.key] = kind


def readiness(session: DesignSession, kind: MailKind = GROUP_MATERIALS) -> Readiness:
    """Whether the mailing can go now, and to how many people."""
    return Readiness(
        configured=mail_settings() is not None,
        closed=session.phase == Phase.closed,
        audience=kind.audience(session),
    )


def compose(
    session: DesignSession,
    recipient: Recipient,
    attachment: bytes,
    filename: str,
    sender: str,
) -> EmailMessage:
    """One participant's message in the session's language, with the group materials attached."""
    language = session.language
    title = one_line(session.title)
    shown_title = quoted(title) if language == "ru" else f"“{title}”"
    with force_locale(language):
        subject = _("Group materials: %(title)s", title=title)
        lines = [
            _("Dear %(name)s,", name=recipient.full_name),
            "",
            _(
                "Thank you for taking part in %(title)s on %(date)s.",
                title=shown_title,
                date=date_in_words(session.date, language).replace("\u00a0", " "),
            ),
            _(
                "Attached are the materials the creative groups worked out: every interaction "
                "model with its sections, the open-microphone comments and the voting results."
            ),
        ]
        lines += contact_lines(session)
        if session.host_organisation.strip():
            lines += ["", one_line(session.host_organisation)]
    message = new_message(sender, recipient, subject, lines)
    message.add_attachment(attachment, maintype="application", subtype=_SUBTYPE, filename=filename)
    return message


def contact_lines(session: DesignSession) -> list[str]:
    """A blank line and «Contact person: name, phone» to close a letter; none without a contact."""
    contact = ", ".join(
        x for x in (one_line(session.contact_name), one_line(session.contact_phone)) if x
    )
    return ["", _("Contact person: %(contact)s", contact=contact)] if contact else []


def new_message(
    sender: str, recipient: Recipient, subject: str, lines: Sequence[str]
) -> EmailMessage:
    """A plain-text message to one person, with the headers every mailing sets."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = Address(display_name=recipient.full_name, addr_spec=recipient.email)
    message["Date"] = formatdate(localtime=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content("\n".join(lines) + "\n")
    return message


def _connect(settings: MailSettings) -> smtplib.SMTP:
    """An open, logged-in connection to the mail server."""
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        smtp.ehlo()
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


class ConnectionLost(Exception):
    """The server dropped the connection and would not take us back."""


class _Connection:
    """One SMTP connection for the whole mailing, reopened once if the server drops it."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = _connect(settings)

    def send(self, message: EmailMessage) -> None:
        """Send one message; errors about this message propagate, the connection stays."""
        if self.smtp is None:
            raise ConnectionLost(_("the connection to the mail server was lost"))
        try:
            self.smtp.send_message(message)
            return
        except smtplib.SMTPServerDisconnected:
            self.smtp.close()
            self.smtp = None
        try:
            self.smtp = _connect(self.settings)
        except (OSError, UnicodeError, smtplib.SMTPException) as error:
            raise ConnectionLost(_reason(error)) from error
        self.smtp.send_message(message)

    def close(self) -> None:
        """Say goodbye to the server, or just hang up if it is gone."""
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            self.smtp.close()
        self.smtp = None


def _reason(error: Exception) -> str:
    """A short reason for the organiser: the server's reply when it gave one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = list(error.recipients.values())
        if codes:
            code, reply = codes[0]
            return f"{code} {_decode(reply)}".strip()
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_decode(error.smtp_error)}".strip()
    return str(error) or type(error).__name__


def _decode(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


class MailingStopped(Exception):
    """The mail server went away in the middle and would not take us back; the message says why."""


def ready_settings(session: DesignSession) -> MailSettings:
    """The mail settings, once sending is possible at all; MailingError says why not."""
    settings = mail_settings()
    if settings is None:
        raise MailingError(_("E-mail is not set up on this server."))
    if session.phase != Phase.closed:
        raise MailingError(_("The materials can be sent once the session is closed."))
    return settings


def deliver(
    session: DesignSession,
    recipients: Sequence[Recipient],
    settings: MailSettings,
    record: Callable[[Recipient, str | None], None],
    before: Callable[[Recipient], None] | None = None,
    kind: MailKind = GROUP_MATERIALS,
) -> None:
    """Send each recipient their message of this kind over one connection, in order.

    ``before(recipient)`` precedes each message (it may raise to stop the mailing there);
    ``record(recipient, None)`` follows each message the server took, ``record(recipient,
    reason)`` each one it refused, and the others are still tried. MailingError: the server
    could not be reached (nothing was sent); MailingStopped: it went away in the middle (the
    recipients not recorded yet got nothing).
    """
    letter = kind.letters(session, settings.sender)
    try:
        connection = _Connection(settings)
    except (OSError, UnicodeError, smtplib.SMTPException) as error:
        # UnicodeError: smtplib sends the user name and password as ASCII only.
        log.warning("Mail server %s:%s unreachable: %s", settings.host, settings.port, error)
        raise MailingError(
            _("Could not connect to the mail server: %(reason)s", reason=_reason(error))
        ) from error
    try:
        for person in recipients:
            if before is not None:
                before(person)
            try:
                connection.send(letter(person))
            except ConnectionLost as error:
                raise MailingStopped(str(error)) from error
            except (OSError, ValueError, UnicodeError, smtplib.SMTPException) as error:
                # A refused or malformed address: report it and go on with the others.
                record(person, _reason(error))
                continue
            record(person, None)
    finally:
        connection.close()


def send_group_materials(session: DesignSession, moderator: Any = None) -> Mailing:
    """E-mail the group materials to every participant who gave an address, within this call.

    The pages send in the background instead (``mailing_jobs``); this is for scripts.
    """
    settings = ready_settings(session)
    people = audience(session)
    sent: list[str] = []
    failed: list[tuple[str, str]] = []

    def record(person: Recipient, reason: str | None) -> None:
        if reason is None:
            sent.append(person.email)
        else:
            failed.append((person.email, reason))

    if people.recipients:
        try:
            deliver(session, people.recipients, settings, record)
        except MailingStopped as stopped:
            done = len(sent) + len(failed)
            failed.extend((p.email, str(stopped)) for p in people.recipients[done:])
    log.info(
        "Group materials of session %s e-mailed by %s: %d sent, %d failed, %d without e-mail",
        session.id,
        getattr(moderator, "email", "the system"),
        len(sent),
        len(failed),
        people.without_email,
    )
    return Mailing(sent=tuple(sent), failed=tuple(failed), without_email=people.without_email)
