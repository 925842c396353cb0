"""Moderator pages for the participants: the roster and the join-code share page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from facilitator.sessions.permissions import moderated_session_or_404

bp = Blueprint("roster", __name__, url_prefix="/sessions/<int:session_id>")


@bp.route("/participants")
@login_required
def roster(session_id: int):
    """Who joined, by group."""
    session = moderated_session_or_404(session_id)
    return render_template("sessions/roster.html", session=session)


@bp.route("/share")
@login_required
def share(session_id: int):
    """The join code, link and QR code to show the hall."""
    session = moderated_session_or_404(session_id)
    return render_template("sessions/share.html", session=session)
