"""What the materials feature stores: the organiser's post-release edits and sharing choice."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitator.columns import (
    ActingModerator,
    Email,
    FreeText,
    IntPk,
    PersonName,
    Position,
    SessionKey,
    SessionPart,
    Timestamp,
    UpdatedTimestamp,
    reference,
)
from facilitator.extensions import db


class PostReleaseParagraph(SessionPart, db.Model):
    """A post-release paragraph as the organiser rewrote it; absent means «use the generated»."""

    __tablename__ = "post_release_paragraphs"

    #: Which paragraph of the wording this replaces, e.g. "participants"
    key: so.Mapped[str] = so.mapped_column(sa.String(64))
    #: The organiser's text; empty means the paragraph is left out
    text: so.Mapped[FreeText]
    #: Who last changed it; kept when the account is removed
    updated_by_id: so.Mapped[ActingModerator]
    updated_at: so.Mapped[UpdatedTimestamp]

    __table_args__ = (
        sa.UniqueConstraint("session_id", "key", name="uq_post_release_paragraph_key"),
    )


class MaterialsSharing(db.Model):
    """Whether participants may download the group materials once the session is closed."""

    __tablename__ = "materials_sharing"

    session_id: so.Mapped[SessionKey]
    #: Participants of a closed session see a page with the group materials
    share_with_participants: so.Mapped[bool] = so.mapped_column(default=False)
    updated_at: so.Mapped[UpdatedTimestamp]


class MailingState:
    """Where a mailing of the group materials stands."""

    #: Being sent by a background task of a server process
    RUNNING = "running"
    #: Every recipient was tried
    DONE = "done"
    #: Stopped early (the mail server could not be reached, or went away); the rest wait
    STOPPED = "stopped"
    #: Its process stopped answering (restarted or killed) before it finished; the rest wait
    INTERRUPTED = "interrupted"
    #: Its process was stopped on purpose (SIGTERM) mid-way; the next start sends the rest
    PAUSED = "paused"


class RecipientState:
    """What became of one recipient of a mailing."""

    PENDING = "pending"
    #: Handed to the mail server, whose answer was not recorded yet: never sent again, since
    #: a process that died here may have had it accepted
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class MaterialsMailing(SessionPart, db.Model):
    """One sending by e-mail (group materials, invitations, certificates): who started it, how far.

    Each recipient's outcome is committed as soon as it is known, so a restarted server shows
    exactly who got the materials and sends only to the rest.
    """

    __tablename__ = "materials_mailings"

    started_by_id: so.Mapped[ActingModerator]
    #: What is sent: "group_materials" (one file for all), "invitations" (one link each) or
    #: "certificates" (one file each)
    kind: so.Mapped[str] = so.mapped_column(
        sa.String(32), default="group_materials", server_default="group_materials"
    )
    state: so.Mapped[str] = so.mapped_column(sa.String(16), default=MailingState.RUNNING)
    #: Why it stopped early, for the organiser (the mail server's reply)
    problem: so.Mapped[FreeText]
    #: Participants of the session who gave no e-mail when it started
    without_email: so.Mapped[int] = so.mapped_column(default=0)
    #: The site's address as the moderator reached it, for links in messages sent in the background
    link_base: so.Mapped[str] = so.mapped_column(sa.String(300), default="", server_default="")
    started_at: so.Mapped[Timestamp]
    #: Moved on every few seconds by the sending task (its lease); a stale one means its
    #: process died, and a serving process takes the mailing over
    heartbeat_at: so.Mapped[Timestamp]
    #: The sending task holding the lease (host:pid:random); empty for mailings from before
    #: leases, which wait for the moderator to resume them
    lease_owner: so.Mapped[str] = so.mapped_column(sa.String(80), default="", server_default="")
    finished_at: so.Mapped[dt.datetime | None]

    recipients: so.Mapped[list[MailingRecipient]] = so.relationship(
        back_populates="mailing",
        cascade="all, delete-orphan",
        order_by="MailingRecipient.id",
    )


class MailingRecipient(db.Model):
    """One address of a mailing, and what became of it."""

    __tablename__ = "mailing_recipients"

    id: so.Mapped[IntPk]
    mailing_id: so.Mapped[int] = reference("materials_mailings.id", index=True)
    full_name: so.Mapped[PersonName]
    email: so.Mapped[Email]
    #: The person whose own message (an invitation, a certificate) this is; empty for shared files
    participant_id: so.Mapped[int | None] = reference("participants.id", ondelete="SET NULL")
    state: so.Mapped[str] = so.mapped_column(sa.String(16), default=RecipientState.PENDING)
    #: The mail server's reply when it refused the message
    reason: so.Mapped[FreeText]

    mailing: so.Mapped[MaterialsMailing] = so.relationship(back_populates="recipients")


class MaterialsPhoto(SessionPart, db.Model):
    """A photo from the session for the post-release, resized and stored as JPEG."""

    __tablename__ = "materials_photos"

    #: Order in the post, from 0
    position: so.Mapped[Position]
    #: JPEG bytes, at most PHOTO_SIDE pixels on the longer side
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    width: so.Mapped[int]
    height: so.Mapped[int]
    uploaded_at: so.Mapped[Timestamp]
