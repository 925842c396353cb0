"""Typed SQLAlchemy models of a design session and what it is made of."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.ext.hybrid import hybrid_property

from facilitator.accounts.models import Moderator
from facilitator.columns import (
    AddedFreeText,
    Email,
    FreeText,
    IntPk,
    PersonName,
    Position,
    SessionListItem,
    SessionPart,
    Timestamp,
    reference,
)
from facilitator.extensions import db
from facilitator.sessions.phases import AgendaKind, Phase, SectionKind, SessionKind


class PhaseTransitionError(ValueError):
    """Raised when a session cannot move to the requested phase."""


session_moderators = sa.Table(
    "session_moderators",
    db.metadata,
    sa.Column(
        "session_id", sa.ForeignKey("design_sessions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("moderator_id", sa.ForeignKey("moderators.id", ondelete="CASCADE"), primary_key=True),
)


class DesignSession(db.Model):
    """One event: a design session, a strategic session or a seminar."""

    __tablename__ = "design_sessions"

    id: so.Mapped[IntPk]
    #: Title as printed in the post-release, without quotes
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    kind: so.Mapped[SessionKind] = so.mapped_column(
        sa.Enum(SessionKind, native_enum=False, length=32), default=SessionKind.design_session
    )
    #: The problem the session works on
    theme: so.Mapped[FreeText]
    date: so.Mapped[dt.date] = so.mapped_column(sa.Date)
    starts_at: so.Mapped[dt.time] = so.mapped_column(sa.Time)
    #: When the session ends; agenda items must fit before it
    ends_at: so.Mapped[dt.time | None] = so.mapped_column(sa.Time)
    venue: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    host_organisation: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    #: One co-organiser per line
    co_organisers: so.Mapped[FreeText]
    #: The larger event the session is part of, e.g. a forum
    framing_event: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    #: Language of the participants' pages and of the documents
    language: so.Mapped[str] = so.mapped_column(sa.String(5), default="ru")
    contact_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    contact_phone: so.Mapped[str] = so.mapped_column(sa.String(50), default="")
    #: Officials and guests present, one per line: «Хрупенкова Е. А., начальник сектора …»
    officials: so.Mapped[AddedFreeText]
    #: Moderators for the results letter, one per line: «Неверова В. В., председатель комитета …»
    moderators_note: so.Mapped[AddedFreeText]
    #: The cultural programme as a sentence: «После сессии гости посетили школьный музей»
    cultural_programme: so.Mapped[AddedFreeText]
    #: The closing line of thanks as the organiser words it
    closing_thanks: so.Mapped[AddedFreeText]
    #: Link to the post-release already published (VK, the website)
    post_url: so.Mapped[str] = so.mapped_column(sa.String(500), default="", server_default="")
    #: The city whose districts participants name («Санкт-Петербург»); empty: from the venue
    districts_city: so.Mapped[str] = so.mapped_column(sa.String(100), default="", server_default="")
    #: The certificates' wording with {placeholders}; empty: the built-in wording
    certificate_wording: so.Mapped[AddedFreeText]
    #: Who signs the certificates, one per line: «Директор ГБОУ СОШ № 496, Иванов И. И.»
    certificate_signatures: so.Mapped[AddedFreeText]
    phase: so.Mapped[Phase] = so.mapped_column(
        sa.Enum(Phase, native_enum=False, length=32), default=Phase.draft
    )
    #: Digits people type or hear to join; unique across sessions
    join_code: so.Mapped[str] = so.mapped_column(sa.String(12), unique=True)
    #: Secret part of the projector link
    projector_token: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    #: Whether participants may read other groups' models while they work
    others_may_view_models: so.Mapped[bool] = so.mapped_column(default=True)
    owner_id: so.Mapped[int] = reference("moderators.id", ondelete=None)
    created_at: so.Mapped[Timestamp]

    owner: so.Mapped[Moderator] = so.relationship(foreign_keys=[owner_id])
    co_moderators: so.Mapped[list[Moderator]] = so.relationship(secondary=session_moderators)
    agenda: so.Mapped[list[AgendaItem]] = so.relationship(
        back_populates="session", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    groups: so.Mapped[list[CreativeGroup]] = so.relationship(
        back_populates="session", order_by="CreativeGroup.position", cascade="all, delete-orphan"
    )
    participants: so.Mapped[list[Participant]] = so.relationship(
        back_populates="session", order_by="Participant.joined_at", cascade="all, delete-orphan"
    )
    logos: so.Mapped[list[SessionLogo]] = so.relationship(
        back_populates="session", order_by="SessionLogo.position", cascade="all, delete-orphan"
    )
    template: so.Mapped[ModelTemplate | None] = so.relationship(
        back_populates="session", cascade="all, delete-orphan", uselist=False
    )

    def is_moderated_by(self, moderator: Moderator | None) -> bool:
        """Tell whether the person may prepare and run this session."""
        if moderator is None or not getattr(moderator, "is_authenticated", False):
            return False
        return moderator.id == self.owner_id or any(
            m.id == moderator.id for m in self.co_moderators
        )

    def move_to(self, phase: Phase) -> None:
        """Change the phase; a closed session reopens only to group work or later phases."""
        if phase == self.phase:
            raise PhaseTransitionError("already in this phase")
        if phase == Phase.draft and self.participants:
            raise PhaseTransitionError("people have joined; the session cannot go back to draft")
        self.phase = phase

    @property
    def official_list(self) -> list[str]:
        """Officials and guests present, one per non-empty line."""
        return [line.strip() for line in self.officials.splitlines() if line.strip()]

    @property
    def moderator_list(self) -> list[str]:
        """Moderators with their positions, one per non-empty line."""
        return [line.strip() for line in self.moderators_note.splitlines() if line.strip()]

    @property
    def co_organiser_list(self) -> list[str]:
        """Co-organisers, one per non-empty line."""
        return [line.strip() for line in self.co_organisers.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<DesignSession {self.id} {self.join_code}>"


class SessionLogo(SessionListItem, db.Model):
    """An organisation's logo for the header of pages and documents."""

    __tablename__ = "session_logos"

    #: Original file name, for the moderator's list only
    filename: so.Mapped[str] = so.mapped_column(sa.String(255))
    #: image/png or image/jpeg, as detected from the bytes, never from the upload's claim
    mimetype: so.Mapped[str] = so.mapped_column(sa.String(50))
    width: so.Mapped[int]
    height: so.Mapped[int]
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)

    session: so.Mapped[DesignSession] = so.relationship(back_populates="logos")


class AgendaItem(SessionListItem, db.Model):
    """One item of the programme: a talk, group work, the open microphone, ..."""

    __tablename__ = "agenda_items"

    starts_at: so.Mapped[dt.time] = so.mapped_column(sa.Time)
    duration_minutes: so.Mapped[int]
    kind: so.Mapped[AgendaKind] = so.mapped_column(
        sa.Enum(AgendaKind, native_enum=False, length=32), default=AgendaKind.talk
    )
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    speaker: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    #: Position, degree and title, e.g. "к.п.н., доцент РГПУ им. А.И. Герцена"
    speaker_credentials: so.Mapped[str] = so.mapped_column(sa.String(500), default="")

    session: so.Mapped[DesignSession] = so.relationship(back_populates="agenda")

    __table_args__ = (sa.CheckConstraint("duration_minutes > 0", name="positive_duration"),)

    @property
    def ends_at(self) -> dt.time:
        """When the item is planned to end."""
        start = dt.datetime.combine(dt.date(2000, 1, 1), self.starts_at)
        return (start + dt.timedelta(minutes=self.duration_minutes)).time()


class CreativeGroup(SessionListItem, db.Model):
    """A creative group working out one interaction model."""

    __tablename__ = "creative_groups"

    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    #: The interaction model the group works out
    model_topic: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    description: so.Mapped[FreeText]
    #: Most members the group takes
    capacity: so.Mapped[int] = so.mapped_column(default=15)

    session: so.Mapped[DesignSession] = so.relationship(back_populates="groups")
    members: so.Mapped[list[Participant]] = so.relationship(
        back_populates="group", order_by="Participant.full_name"
    )

    __table_args__ = (sa.CheckConstraint("capacity > 0", name="positive_capacity"),)

    @property
    def free_places(self) -> int:
        """How many more people the group takes."""
        return max(self.capacity - len(self.members), 0)

    @property
    def leader(self) -> Participant | None:
        """The group's leader, if one is named."""
        return next((m for m in self.members if m.is_leader), None)


class ModelTemplate(db.Model):
    """The sections an interaction model is written in.

    A session owns its own copy (``session_id`` set); a moderator's library template has
    ``session_id`` empty and is copied into new sessions.
    """

    __tablename__ = "model_templates"

    id: so.Mapped[IntPk]
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    language: so.Mapped[str] = so.mapped_column(sa.String(5), default="ru")
    #: Who saved it to the library; empty for the built-in default
    owner_id: so.Mapped[int | None] = reference("moderators.id", ondelete=None)
    session_id: so.Mapped[int | None] = reference("design_sessions.id", unique=True)
    created_at: so.Mapped[Timestamp]

    session: so.Mapped[DesignSession | None] = so.relationship(back_populates="template")
    sections: so.Mapped[list[TemplateSection]] = so.relationship(
        back_populates="template", order_by="TemplateSection.position", cascade="all, delete-orphan"
    )


class TemplateSection(db.Model):
    """One section of an interaction-model template: a text field or a table."""

    __tablename__ = "template_sections"

    id: so.Mapped[IntPk]
    template_id: so.Mapped[int] = reference("model_templates.id", index=True)
    position: so.Mapped[Position]
    #: Stable identifier of the section inside the shared document
    key: so.Mapped[str] = so.mapped_column(sa.String(64))
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    kind: so.Mapped[SectionKind] = so.mapped_column(default=SectionKind.text)
    hint: so.Mapped[FreeText]
    example: so.Mapped[FreeText]
    #: For tables: [{"key": "who", "title": "Кто"}, ...]
    columns: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)

    template: so.Mapped[ModelTemplate] = so.relationship(back_populates="sections")

    __table_args__ = (sa.UniqueConstraint("template_id", "key", name="uq_template_section_key"),)


#: Sources of people who were in the hall when they joined: they typed the code or were
#: registered at the door
IN_THE_HALL = ("join", "walk_in")


class Participant(SessionPart, db.Model):
    """A person who joined a session with its code; no account."""

    __tablename__ = "participants"

    group_id: so.Mapped[int | None] = reference(
        "creative_groups.id", ondelete="SET NULL", index=True
    )
    #: Random identifier kept in the device's cookie; one participant per device and session.
    #: Empty for a pre-registered person until their phone opens the personal link.
    device_id: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    full_name: so.Mapped[PersonName]
    organisation: so.Mapped[str] = so.mapped_column(sa.String(300))
    position: so.Mapped[str] = so.mapped_column(sa.String(200))
    city: so.Mapped[str] = so.mapped_column(sa.String(200))
    email: so.Mapped[Email | None]
    phone: so.Mapped[str] = so.mapped_column(sa.String(50), default="", server_default="")
    #: When the person agreed to the processing of personal data (152-ФЗ); empty for a
    #: pre-registered person until they confirm it on their personal link
    consented_at: so.Mapped[dt.datetime | None]
    is_leader: so.Mapped[bool] = so.mapped_column(default=False)
    joined_at: so.Mapped[Timestamp]
    #: How the person came to the list: "join" (typed the code), "import" (pre-registration
    #: file), "walk_in" (registered at the door)
    source: so.Mapped[str] = so.mapped_column(sa.String(16), default="join", server_default="join")
    #: Secret of the personal invitation link; replaced when the moderator reissues it
    invite_token: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    #: When the person was checked in at the door (or marked present by the moderator)
    arrived_at: so.Mapped[dt.datetime | None]
    #: When the person left, where the moderator records it
    left_at: so.Mapped[dt.datetime | None]

    session: so.Mapped[DesignSession] = so.relationship(back_populates="participants")
    group: so.Mapped[CreativeGroup | None] = so.relationship(back_populates="members")

    __table_args__ = (sa.UniqueConstraint("session_id", "device_id", name="uq_participant_device"),)

    @hybrid_property
    def attended(self) -> bool:
        """Whether the person came: checked in at the door, or joined in the hall.

        A pre-registered person («import») who was never checked in did not attend. Usable in
        queries too: ``select(Participant).where(Participant.attended)``.
        """
        return self.arrived_at is not None or self.source in IN_THE_HALL

    @attended.inplace.expression
    @classmethod
    def _attended_expression(cls) -> sa.ColumnElement[bool]:
        return sa.or_(cls.arrived_at.is_not(None), cls.source.in_(IN_THE_HALL))
