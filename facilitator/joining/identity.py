"""Who the current visitor is: a participant is recognised by the device cookie."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import current_app, request
from werkzeug.wrappers import Response

from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, Participant


def device_id_from_request() -> str | None:
    """The device identifier from the cookie, if the browser has one."""
    value = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    return value if value and 20 <= len(value) <= 64 else None


def new_device_id() -> str:
    """A fresh random device identifier."""
    return secrets.token_urlsafe(32)


def remember_device(response: Response, device_id: str) -> Response:
    """Store the device identifier in a long-lived, script-proof cookie."""
    response.set_cookie(
        current_app.config["DEVICE_COOKIE_NAME"],
        device_id,
        max_age=current_app.config["DEVICE_COOKIE_DAYS"] * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response


def current_participant(session: DesignSession | int) -> Participant | None:
    """The participant this device registered as in the session, if any."""
    device_id = device_id_from_request()
    if device_id is None:
        return None
    session_id = session if isinstance(session, int) else session.id
    return db.session.scalar(
        sa.select(Participant).filter_by(session_id=session_id, device_id=device_id)
    )
