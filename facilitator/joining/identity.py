"""Who the current visitor is: a participant is recognised by the device cookie.

The cookie holds a device id the server made, signed with SECRET_KEY, so an id planted in a
browser before registration (session fixation) is not adopted: registration replaces it with
a new one. Cookies set before signing began hold the bare id; such a cookie is accepted only
when the id already belongs to a participant, and is then re-issued signed, so existing phones
keep working without a new registration.
"""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from flask import current_app, request
from itsdangerous import BadSignature, Signer
from werkzeug.wrappers import Response

from facilitator.extensions import db
from facilitator.security.cookies import cookie_options
from facilitator.sessions.models import DesignSession, Participant

#: What new_device_id() makes; a cookie with anything else (a NUL byte…) is no device
_DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{20,64}")
_SALT = "facilitator.device-id"
#: Per request (per connection for Socket.IO): the id read, and a bare cookie to re-sign.
#: Kept in the environ, not in `g`, which an app context may share between requests.
_READ_KEY = "facilitator.device_id"
_TO_SIGN_KEY = "facilitator.device_cookie_to_sign"
#: The participants already found in this request, by session and device
_FOUND_KEY = "facilitator_participants"


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=_SALT)


def sign_device_id(device_id: str) -> str:
    """The cookie value for a device id the server issued."""
    return _signer().sign(device_id).decode()


def _plausible(value: str | None) -> bool:
    return value is not None and _DEVICE_ID.fullmatch(value) is not None


def _known_bare_id(value: str) -> bool:
    """A bare id from before signing began that a participant already has."""
    return (
        db.session.scalar(sa.select(Participant.id).filter_by(device_id=value).limit(1)) is not None
    )


def _read_device_id() -> str | None:
    cookie = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if not cookie:
        return None
    if "." in cookie:  # token_urlsafe ids never hold a dot; a signed cookie always does
        try:
            value = _signer().unsign(cookie).decode()
        except BadSignature:
            return None
        return value if _plausible(value) else None
    if _plausible(cookie) and _known_bare_id(cookie):
        request.environ[_TO_SIGN_KEY] = cookie
        return cookie
    return None


def device_id_from_request() -> str | None:
    """The server-issued device id from the cookie, if the browser has a valid one."""
    if _READ_KEY not in request.environ:
        request.environ[_READ_KEY] = _read_device_id()
    return request.environ[_READ_KEY]


def new_device_id() -> str:
    """A fresh random device identifier."""
    return secrets.token_urlsafe(32)


def remember_device(response: Response, device_id: str) -> Response:
    """Store the signed device identifier in a long-lived, script-proof cookie."""
    response.set_cookie(
        current_app.config["DEVICE_COOKIE_NAME"],
        sign_device_id(device_id),
        **cookie_options(max_age=current_app.config["DEVICE_COOKIE_DAYS"] * 24 * 3600),
    )
    return response


def sign_known_bare_cookie(response: Response) -> Response:
    """Re-issue a recognised bare device cookie in the signed form (once per such browser)."""
    device_id = request.environ.get(_TO_SIGN_KEY)
    if device_id and current_app.config["DEVICE_COOKIE_NAME"] not in _cookies_set(response):
        remember_device(response, device_id)
    return response


def _cookies_set(response: Response) -> set[str]:
    return {header.split("=", 1)[0].strip() for header in response.headers.getlist("Set-Cookie")}


def current_participant(session: DesignSession | int) -> Participant | None:
    """The participant this device registered as in the session, if any."""
    device_id = device_id_from_request()
    if device_id is None:
        return None
    session_id = session if isinstance(session, int) else session.id
    # A participant's page asks several times (the view, the "now" card, the follow script);
    # one look per request is enough. Kept on the request object: a Socket.IO event gets its
    # own, while the environ lives as long as the connection.
    found: dict[tuple[int, str], Participant] = request.__dict__.setdefault(_FOUND_KEY, {})
    participant = found.get((session_id, device_id))
    if participant is None:
        participant = db.session.scalar(
            sa.select(Participant).filter_by(session_id=session_id, device_id=device_id)
        )
        if participant is not None:
            found[(session_id, device_id)] = participant
    return participant
