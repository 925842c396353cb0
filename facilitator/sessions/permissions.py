"""Who may see and change what: checked on the server for every route and event."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from facilitator.extensions import db
from facilitator.sessions.models import DesignSession


def moderated_session_or_404(session_id: int) -> DesignSession:
    """The session if the logged-in moderator runs it; 404 otherwise, so ids leak nothing."""
    session = db.session.get(DesignSession, session_id)
    if session is None or not session.is_moderated_by(current_user):
        abort(404)
    return session
