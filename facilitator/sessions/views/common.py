"""What every tab of the session preparation pages shares: the blueprint and small helpers."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from facilitator.accounts.models import Moderator
from facilitator.sessions import logos, preparation
from facilitator.sessions.forms import ActionForm, LogoForm
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import owned_or_404
from facilitator.webforms import form_or_400

T = TypeVar("T")

bp = Blueprint("sessions", __name__, url_prefix="/sessions")


def me() -> Moderator:
    """The logged-in moderator as a model instance."""
    return current_user._get_current_object()


def check_action() -> None:
    """Refuse a button's POST whose form does not validate (its CSRF token, in production)."""
    form_or_400(ActionForm)


def child_or_404(model: type[T], child_id: int, session: DesignSession) -> T:
    """An agenda item, group or logo of this session; 404 for another session's."""
    return owned_or_404(model, child_id, session_id=session.id)


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(_error):
    flash(_("The file is too large."), "error")
    session_id = (request.view_args or {}).get("session_id")
    if session_id is None:
        return redirect(url_for("sessions.index"))
    return redirect(url_for("sessions.overview", session_id=session_id))


def render_overview(session: DesignSession, logo_form: LogoForm, status: int = 200):
    """The overview page, also shown again when a logo upload is refused."""
    return render_template(
        "sessions/overview.html",
        session=session,
        logo_form=logo_form,
        is_owner=preparation.may_manage_team(session, me()),
        may_go_back=preparation.may_go_back_to_preparation(session),
        max_logo_mb=logos.megabytes(current_app.config["MAX_LOGO_BYTES"]),
        max_logo_side=logos.MAX_SIDE,
        active_tab="overview",
    ), status
