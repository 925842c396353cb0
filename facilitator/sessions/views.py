"""Moderator pages for preparing sessions."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, session_moderators

bp = Blueprint("sessions", __name__, url_prefix="/sessions")


@bp.route("/")
@login_required
def index():
    """The moderator's sessions, newest first."""
    sessions = db.session.scalars(
        sa.select(DesignSession)
        .outerjoin(session_moderators)
        .where(
            sa.or_(
                DesignSession.owner_id == current_user.id,
                session_moderators.c.moderator_id == current_user.id,
            )
        )
        .distinct()
        .order_by(DesignSession.date.desc(), DesignSession.id.desc())
    ).all()
    return render_template("sessions/index.html", sessions=sessions)
