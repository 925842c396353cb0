"""Join codes people can dictate across a hall, and secret projector tokens."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from facilitator.extensions import db

JOIN_CODE_DIGITS = 6


def new_join_code() -> str:
    """A random six-digit code not used by any other session."""
    from facilitator.sessions.models import DesignSession

    while True:
        # Digits only: they are read out loud and typed on phone keypads.
        code = "".join(secrets.choice("0123456789") for _ in range(JOIN_CODE_DIGITS))
        if code[0] != "0" and not db.session.scalar(
            sa.select(DesignSession.id).filter_by(join_code=code)
        ):
            return code


def normalise_join_code(raw: str) -> str:
    """Keep only the digits: people type «123 456» or «123-456»."""
    return "".join(ch for ch in raw if ch.isdigit())


def new_projector_token() -> str:
    """An unguessable token for the projector's read-only link."""
    return secrets.token_urlsafe(24)
