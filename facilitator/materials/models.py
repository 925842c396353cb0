"""What the materials feature stores: the organiser's post-release edits and sharing choice."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitator.accounts.models import utcnow
from facilitator.extensions import db


class PostReleaseParagraph(db.Model):
    """A post-release paragraph as the organiser rewrote it; absent means «use the generated»."""

    __tablename__ = "post_release_paragraphs"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("design_sessions.id", ondelete="CASCADE"), index=True
    )
    #: Which paragraph of the wording this replaces, e.g. "participants"
    key: so.Mapped[str] = so.mapped_column(sa.String(64))
    #: The organiser's text; empty means the paragraph is left out
    text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    #: Who last changed it; kept when the account is removed
    updated_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("moderators.id", ondelete="SET NULL")
    )
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    __table_args__ = (
        sa.UniqueConstraint("session_id", "key", name="uq_post_release_paragraph_key"),
    )


class MaterialsSharing(db.Model):
    """Whether participants may download the group materials once the session is closed."""

    __tablename__ = "materials_sharing"

    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("design_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    #: Participants of a closed session see a page with the group materials
    share_with_participants: so.Mapped[bool] = so.mapped_column(default=False)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
