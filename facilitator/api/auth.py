"""Bearer-token authentication and what a token may read."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.api import tokens
from facilitator.api.errors import ApiError, not_found
from facilitator.api.models import ApiToken
from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup, DesignSession

REALM = "Facilitator API"


def _unauthorized(code: str, message: str) -> ApiError:
    challenge = f'Bearer realm="{REALM}"'
    if code == "invalid_token":
        challenge += ', error="invalid_token"'
    return ApiError(401, code, message, {"WWW-Authenticate": challenge})


def authenticate_request() -> ApiToken:
    """The request's active token, kept in ``g``; ApiError 401 without one."""
    authorization = request.authorization
    if authorization is None or authorization.type != "bearer":
        raise _unauthorized(
            "missing_token",
            _("Send your API token in the header «Authorization: Bearer <token>»."),
        )
    record = tokens.authenticate(authorization.token or "")
    if record is None:
        raise _unauthorized(
            "invalid_token", _("The API token is wrong or revoked. Make a new one in Facilitator.")
        )
    g.api_token = record
    return record


def current_moderator() -> Moderator:
    """The moderator whose token the request carries."""
    return g.api_token.moderator


def session_or_404(session_id: int) -> DesignSession:
    """The session if the token's moderator runs it; 404 otherwise, so ids leak nothing."""
    session = db.session.get(DesignSession, session_id)
    if session is None or not session.is_moderated_by(current_moderator()):
        raise not_found()
    return session


def group_or_404(session: DesignSession, group_id: int) -> CreativeGroup:
    """A creative group of this session; 404 for another session's."""
    group = db.session.get(CreativeGroup, group_id)
    if group is None or group.session_id != session.id:
        raise not_found()
    return group
