"""Who may see and change what: checked on the server for every route and event."""

from __future__ import annotations

import sqlalchemy.orm as so
from flask import abort
from flask_login import current_user

from facilitator.extensions import db
from facilitator.sessions.models import DesignSession


def moderated_session_or_404(session_id: int, *, groups: bool = False) -> DesignSession:
    """The session if the logged-in moderator runs it; 404 otherwise, so ids leak nothing."""
    # Pages that list the groups read them with ``groups``, in the same statement as the session.
    options = [so.joinedload(DesignSession.groups)] if groups else []
    session = db.session.get(DesignSession, session_id, options=options)
    if session is None or not session.is_moderated_by(current_user):
        abort(404)
    return session
