"""Making, listing, checking and revoking moderators' API tokens.

Tokens are random (256 bits) and only their SHA-256 is stored: a slow password hash buys
nothing against guessing a value that long, and the lookup by hash stays one indexed query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.accounts.models import Moderator
from facilitator.api.models import ApiToken
from facilitator.columns import utcnow
from facilitator.database import listed
from facilitator.extensions import db

log = logging.getLogger(__name__)

#: Marks the string as a Facilitator token, e.g. for secret scanners
TOKEN_PREFIX = "fac_"
#: Characters of the token kept to tell tokens apart: the mark and four random ones
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 4
MAX_NAME_LENGTH = 100
#: Most tokens one moderator may have in use at once
MAX_ACTIVE_TOKENS = 20
#: last_used_at is written at most this often, so reading the API does not write on every call
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class TokenError(ValueError):
    """A token cannot be made as asked; the message says why, translated."""


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the stored record and the secret, which is shown once and then forgotten."""

    record: ApiToken
    secret: str


def hash_token(secret: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def clean_name(name: str) -> str:
    """The token's name on one line; TokenError when empty or too long."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise TokenError(_("Name the token, e.g. after the program that will use it."))
    if len(cleaned) > MAX_NAME_LENGTH:
        raise TokenError(_("At most %(num)d characters, please.", num=MAX_NAME_LENGTH))
    return cleaned


def tokens_of(moderator: Moderator) -> list[ApiToken]:
    """The moderator's tokens, active first, newest first."""
    return listed(
        sa.select(ApiToken)
        .where(ApiToken.moderator_id == moderator.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id)
    )


def active_count(moderator: Moderator) -> int:
    """How many of the moderator's tokens are not revoked."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(ApiToken.id)).where(
                ApiToken.moderator_id == moderator.id, ApiToken.revoked_at.is_(None)
            )
        )
        or 0
    )


def issue(moderator: Moderator, name: str) -> IssuedToken:
    """Make a token for the moderator; commits. The secret is in the result and nowhere else."""
    cleaned = clean_name(name)
    if active_count(moderator) >= MAX_ACTIVE_TOKENS:
        raise TokenError(
            ngettext(
                "You already have %(num)d token. Revoke it first.",
                "You already have %(num)d tokens. Revoke one you no longer use first.",
                MAX_ACTIVE_TOKENS,
            )
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(
        moderator_id=moderator.id,
        name=cleaned,
        token_hash=hash_token(secret),
        prefix=secret[:SHOWN_PREFIX_LENGTH],
    )
    db.session.add(record)
    db.session.commit()
    log.info("API token %s («%s») made by %s", record.id, cleaned, moderator.email)
    return IssuedToken(record=record, secret=secret)


def revoke(moderator: Moderator, token_id: int) -> ApiToken | None:
    """Revoke one of the moderator's tokens; commits. None when it is not theirs."""
    record = db.session.get(ApiToken, token_id)
    if record is None or record.moderator_id != moderator.id:
        return None
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        db.session.commit()
        log.info("API token %s revoked by %s", record.id, moderator.email)
    return record


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, its last use noted; None for any other string."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    record = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if record is None or record.revoked:
        return None
    _note_use(record)
    return record


def _note_use(record: ApiToken) -> None:
    now = utcnow()
    last = record.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)  # SQLite gives back naive datetimes
    if last is not None and now - last < LAST_USED_PRECISION:
        return
    record.last_used_at = now
    db.session.commit()
