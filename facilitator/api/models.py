"""The moderator's API tokens."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitator.accounts.models import Moderator
from facilitator.columns import IntPk, ModeratorRef, Timestamp
from facilitator.extensions import db


class ApiToken(db.Model):
    """A bearer token a moderator made for scripts and other programs; the secret is not kept."""

    __tablename__ = "api_tokens"

    id: so.Mapped[IntPk]
    #: Whose sessions the token reads
    moderator_id: so.Mapped[ModeratorRef]
    #: What the moderator called it, e.g. «Отчёт для методического центра»
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    #: SHA-256 of the token, hex; the token itself is shown once and never stored
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    #: The token's first characters, so the moderator can tell tokens apart
    prefix: so.Mapped[str] = so.mapped_column(sa.String(16))
    created_at: so.Mapped[Timestamp]
    #: When a request last came with it, to the minute
    last_used_at: so.Mapped[dt.datetime | None]
    #: When the moderator revoked it; a revoked token opens nothing
    revoked_at: so.Mapped[dt.datetime | None]

    moderator: so.Mapped[Moderator] = so.relationship()

    @property
    def revoked(self) -> bool:
        """Whether the token no longer opens anything."""
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… of moderator {self.moderator_id}>"
