"""The moderator account model."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from facilitator.extensions import db


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class Moderator(UserMixin, db.Model):
    """A person who prepares and runs sessions."""

    __tablename__ = "moderators"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    #: Login name, stored lower-case
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    #: Name shown to co-moderators and in documents
    full_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    #: Werkzeug password hash (scrypt)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    #: Interface language the moderator chose
    locale: so.Mapped[str] = so.mapped_column(sa.String(5), default="ru")
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Tell whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<Moderator {self.email}>"
