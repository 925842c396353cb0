"""What every feature's participant pages under ``/s/<code>/…`` share."""

from __future__ import annotations

from flask import g

from facilitator.joining import services as joining
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import found_or_404


def session_or_404(code: str) -> DesignSession:
    """The session with this code, its language set for the page; 404 if there is none."""
    session = found_or_404(joining.find_session_by_code(code))
    g.session_language = session.language
    return session
