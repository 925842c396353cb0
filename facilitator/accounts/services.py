"""Creating and authenticating moderator accounts."""

from __future__ import annotations

import logging
from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from facilitator.accounts import logins
from facilitator.accounts.models import Moderator
from facilitator.extensions import db

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8


class AccountError(ValueError):
    """Raised when an account cannot be created as asked."""


def find_moderator(email: str) -> Moderator | None:
    """Look a moderator up by e-mail, ignoring case."""
    return db.session.scalar(sa.select(Moderator).filter_by(email=email.strip().lower()))


def create_moderator(email: str, full_name: str, password: str, locale: str = "ru") -> Moderator:
    """Add a moderator account to the database session (the caller commits)."""
    email = email.strip().lower()
    if not email or "@" not in email:
        raise AccountError(_("Enter a valid e-mail address."))
    if not full_name.strip():
        raise AccountError(_("Enter the full name."))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("The password must be at least %(num)d characters long.", num=MIN_PASSWORD_LENGTH)
        )
    if find_moderator(email):
        raise AccountError(_("A moderator with this e-mail already exists."))
    moderator = Moderator(email=email, full_name=full_name.strip(), locale=locale)
    moderator.set_password(password)
    db.session.add(moderator)
    db.session.flush()
    log.info("Moderator %s created", email)
    return moderator


@cache
def _dummy_hash(method: str) -> str:
    """A hash made as real ones are, checked when no account has the address."""
    return generate_password_hash("no account has this address", method=method)


def authenticate(email: str, password: str) -> Moderator | None:
    """Return the moderator whose credentials these are, or None.

    An unknown address costs the same hash check as a wrong password, so the time of the
    answer does not tell which addresses have accounts.
    """
    moderator = find_moderator(email)
    if moderator is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
    elif moderator.check_password(password):
        return moderator
    log.warning("Failed login for %s", email.strip().lower())
    return None


def change_password(moderator: Moderator, current_password: str, new_password: str) -> None:
    """Set a new password and end every other login of the account; this browser stays in."""
    if not moderator.check_password(current_password):
        raise AccountError(_("The current password is wrong."))
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("The password must be at least %(num)d characters long.", num=MIN_PASSWORD_LENGTH)
        )
    remembered_here = logins.this_devices_login(moderator) is not None
    moderator.set_password(new_password)
    logins.revoke_all(moderator)
    db.session.commit()
    logins.announce_revoked(moderator)
    logins.log_in(moderator, remember=remembered_here)
    log.info("Moderator %s changed the password; other logins ended", moderator.email)


def has_moderators() -> bool:
    """Tell whether at least one account exists."""
    return db.session.scalar(sa.select(sa.func.count(Moderator.id))) > 0
