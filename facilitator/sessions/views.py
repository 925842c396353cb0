"""Moderator pages for preparing sessions: the list, details, phase before the start, the team.

The agenda, groups, logos and template tabs live in views_*.py modules on the same blueprint.
"""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions import logos, model_templates, preparation
from facilitator.sessions.forms import (
    ActionForm,
    CoModeratorForm,
    LogoForm,
    NewSessionForm,
    SessionForm,
)
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import moderated_session_or_404

T = TypeVar("T")

bp = Blueprint("sessions", __name__, url_prefix="/sessions")


def me() -> Moderator:
    """The logged-in moderator as a model instance."""
    return current_user._get_current_object()


def check_action() -> None:
    """Refuse a button's POST whose form does not validate (its CSRF token, in production)."""
    if not ActionForm().validate_on_submit():
        abort(400)


def child_or_404(model: type[T], child_id: int, session: DesignSession) -> T:
    """An agenda item, group or logo of this session; 404 for another session's."""
    child = db.session.get(model, child_id)
    if child is None or getattr(child, "session_id", None) != session.id:
        abort(404)
    return child


def form_page(template: str, form, **context) -> tuple[str, int]:
    """Show a form page; after a refused submission with 422, having saved nothing."""
    return render_template(template, form=form, **context), 422 if form.is_submitted() else 200


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(_error):
    flash(_("The file is too large."), "error")
    session_id = (request.view_args or {}).get("session_id")
    if session_id is None:
        return redirect(url_for("sessions.index"))
    return redirect(url_for("sessions.overview", session_id=session_id))


@bp.route("/")
@login_required
def index():
    """The moderator's sessions, newest first."""
    return render_template("sessions/index.html", summaries=preparation.sessions_of(me()))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a session with sensible defaults: groups and a template ready to edit."""
    library = model_templates.library_templates(me())
    form = NewSessionForm(library=library)
    if not form.validate_on_submit():
        return form_page("sessions/form.html", form, session=None)
    source = preparation.library_template(me(), form.template_id.data)
    session = preparation.create_session(me(), form.details(), form.group_count.data, source)
    flash(_("The session is created. Now plan the agenda and the groups."), "success")
    return redirect(url_for("sessions.overview", session_id=session.id))


@bp.route("/<int:session_id>")
@login_required
def overview(session_id: int):
    """Every detail of the session, its phase, join code and logos."""
    session = moderated_session_or_404(session_id)
    return render_overview(session, LogoForm())


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


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit(session_id: int):
    """Change the session's details."""
    session = moderated_session_or_404(session_id)
    form = SessionForm(obj=session)
    if not form.validate_on_submit():
        return form_page("sessions/form.html", form, session=session)
    preparation.update_session(session, form.details(), me())
    flash(_("The session's details are saved."), "success")
    return redirect(url_for("sessions.overview", session_id=session.id))


@bp.route("/<int:session_id>/delete", methods=["POST"])
@login_required
def delete(session_id: int):
    """Delete the session; only its owner may."""
    session = moderated_session_or_404(session_id)
    check_action()
    if not preparation.may_manage_team(session, me()):
        abort(403)
    title = session.title
    preparation.delete_session(session, me())
    flash(_("The session «%(title)s» is deleted.", title=title), "success")
    return redirect(url_for("sessions.index"))


@bp.route("/<int:session_id>/open-registration", methods=["POST"])
@login_required
def open_registration(session_id: int):
    """Draft → lobby: people may join with the code."""
    session = moderated_session_or_404(session_id)
    check_action()
    try:
        preparation.open_registration(session, me())
    except preparation.PreparationError as error:
        flash(str(error), "error")
    else:
        flash(_("Registration is open: people can join with the code."), "success")
    return redirect(url_for("sessions.overview", session_id=session.id))


@bp.route("/<int:session_id>/back-to-preparation", methods=["POST"])
@login_required
def back_to_preparation(session_id: int):
    """Back to draft while nobody has joined."""
    session = moderated_session_or_404(session_id)
    check_action()
    try:
        preparation.back_to_preparation(session, me())
    except preparation.PreparationError as error:
        flash(str(error), "error")
    else:
        flash(_("The session is back in preparation."), "success")
    return redirect(url_for("sessions.overview", session_id=session.id))


@bp.route("/<int:session_id>/team", methods=["GET", "POST"])
@login_required
def team(session_id: int):
    """The owner and co-moderators; the owner adds a co-moderator by e-mail."""
    session = moderated_session_or_404(session_id)
    is_owner = preparation.may_manage_team(session, me())
    form = CoModeratorForm()
    if form.is_submitted() and not is_owner:
        abort(403)
    context = {"session": session, "is_owner": is_owner, "active_tab": "team"}
    if not form.validate_on_submit():
        return form_page("sessions/team.html", form, **context)
    try:
        added = preparation.add_co_moderator(session, form.email.data, me())
    except preparation.PreparationError as error:
        form.email.errors.append(str(error))
        return form_page("sessions/team.html", form, **context)
    flash(_("%(name)s is now a co-moderator.", name=added.full_name), "success")
    return redirect(url_for("sessions.team", session_id=session.id))


@bp.route("/<int:session_id>/team/<int:moderator_id>/remove", methods=["POST"])
@login_required
def remove_co_moderator(session_id: int, moderator_id: int):
    """Take a co-moderator off the team; only the owner may."""
    session = moderated_session_or_404(session_id)
    check_action()
    if not preparation.may_manage_team(session, me()):
        abort(403)
    try:
        removed = preparation.remove_co_moderator(session, moderator_id, me())
    except LookupError:
        abort(404)
    flash(_("%(name)s is no longer a co-moderator.", name=removed.full_name), "success")
    return redirect(url_for("sessions.team", session_id=session.id))


# The other tabs register their routes on `bp` when imported.
from facilitator.sessions import (  # noqa: E402
    views_agenda,  # noqa: F401
    views_groups,  # noqa: F401
    views_logos,  # noqa: F401
    views_template,  # noqa: F401
)
