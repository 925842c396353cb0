"""The moderator account model and the logins it keeps on its devices."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from facilitator.columns import Email, IntPk, ModeratorRef, PersonName, Timestamp
from facilitator.extensions import db


def new_session_token() -> str:
    """A fresh random token naming one generation of an account's logins."""
    return secrets.token_urlsafe(32)


class Moderator(UserMixin, db.Model):
    """A person who prepares and runs sessions."""

    __tablename__ = "moderators"

    id: so.Mapped[IntPk]
    #: Login name, stored lower-case
    email: so.Mapped[Email] = so.mapped_column(unique=True)
    #: Name shown to co-moderators and in documents
    full_name: so.Mapped[PersonName]
    #: Werkzeug password hash (scrypt)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    #: Interface language the moderator chose
    locale: so.Mapped[str] = so.mapped_column(sa.String(5), default="ru")
    created_at: so.Mapped[Timestamp]
    #: Carried in every login's session cookie; a new one ends all of them at once
    session_token: so.Mapped[str] = so.mapped_column(sa.String(64), default=new_session_token)

    remember_logins: so.Mapped[list[RememberLogin]] = so.relationship(
        back_populates="moderator", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        """Flask-Login's id: the account and its current login generation."""
        return f"{self.id}.{self.session_token}"

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password."""
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"]
        )

    def check_password(self, password: str) -> bool:
        """Tell whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<Moderator {self.email}>"


class RememberLogin(db.Model):
    """One "remember me" login on one device; its cookie carries the id and a secret."""

    __tablename__ = "remember_logins"

    id: so.Mapped[IntPk]
    moderator_id: so.Mapped[ModeratorRef]
    #: SHA-256 of the cookie's secret, hex; the secret itself is never stored
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[Timestamp]
    last_used_at: so.Mapped[Timestamp]
    #: The browser's User-Agent when it logged in, shortened; shown in the list of logins
    user_agent: so.Mapped[str] = so.mapped_column(sa.String(255), default="")

    moderator: so.Mapped[Moderator] = so.relationship(back_populates="remember_logins")

    def __repr__(self) -> str:
        return f"<RememberLogin {self.id} of moderator {self.moderator_id}>"
