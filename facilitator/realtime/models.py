"""Typed models of the co-edited documents: checkpoint, update log and history."""

from __future__ import annotations

import enum
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitator.accounts.models import Moderator
from facilitator.columns import ActingModerator, IntPk, Timestamp, reference
from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup


class VersionReason(enum.StrEnum):
    """Why a version of a group's model was recorded."""

    interval = "interval"
    phase = "phase"
    restore = "restore"


class GroupDocument(db.Model):
    """A creative group's shared document: the compacted base state and derived views."""

    __tablename__ = "group_documents"

    group_id: so.Mapped[int] = reference("creative_groups.id", primary_key=True)
    #: The whole document up to ``checkpoint_seq`` as one Yjs v1 update (base state included)
    checkpoint: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary, default=b"")
    #: Last update folded into the checkpoint; the log keeps only later ones
    checkpoint_seq: so.Mapped[int] = so.mapped_column(default=0)
    #: Sequence number of the last committed update
    last_seq: so.Mapped[int] = so.mapped_column(default=0)
    #: Structured JSON form of the document after ``last_seq``, for reports and the API
    snapshot: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    #: {"sections": {key: bool}, "filled": n, "total": n} after ``last_seq``
    progress: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    #: Whether a moderator let the group's members edit after group work ended
    editing_reopened: so.Mapped[bool] = so.mapped_column(default=False)
    updated_at: so.Mapped[Timestamp]

    group: so.Mapped[CreativeGroup] = so.relationship()

    def __repr__(self) -> str:
        return f"<GroupDocument group={self.group_id} seq={self.last_seq}>"


class DocumentUpdate(db.Model):
    """One acknowledged Yjs update of a group's document, not yet folded into the checkpoint."""

    __tablename__ = "document_updates"

    id: so.Mapped[IntPk]
    group_id: so.Mapped[int] = reference("group_documents.group_id")
    #: 1, 2, 3, ... per group, allocated under the group document's row lock
    seq: so.Mapped[int]
    #: The Yjs v1 update as the client sent it
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    #: "participant" or "moderator"
    author_kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    author_id: so.Mapped[int | None]
    created_at: so.Mapped[Timestamp]

    __table_args__ = (sa.UniqueConstraint("group_id", "seq", name="uq_document_update_seq"),)


class DocumentVersion(db.Model):
    """A recorded state of a group's model that a moderator can look at and restore."""

    __tablename__ = "document_versions"

    id: so.Mapped[IntPk]
    group_id: so.Mapped[int] = reference("group_documents.group_id", index=True)
    #: The last update included in this version
    seq: so.Mapped[int]
    #: The whole document as one Yjs v1 update
    state: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    #: Structured JSON form, as GroupDocument.snapshot
    snapshot: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    reason: so.Mapped[VersionReason]
    #: The session phase when the version was recorded
    phase: so.Mapped[str] = so.mapped_column(sa.String(32), default="")
    #: The moderator who restored an earlier version, for "restore" versions
    author_id: so.Mapped[ActingModerator]
    created_at: so.Mapped[Timestamp]

    author: so.Mapped[Moderator | None] = so.relationship()

    @property
    def author_name(self) -> str:
        """Who caused the version, when a person did."""
        return self.author.full_name if self.author else ""

    def __repr__(self) -> str:
        return f"<DocumentVersion group={self.group_id} seq={self.seq} {self.reason}>"
