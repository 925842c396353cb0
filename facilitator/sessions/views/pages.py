"""Moderator pages for preparing sessions: the list, details, phase before the start, the team."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from facilitator.sessions import model_templates, preparation
from facilitator.sessions.forms import (
    CoModeratorForm,
    LogoForm,
    NewSessionForm,
    SessionForm,
)
from facilitator.sessions.permissions import moderated_session_or_404
from facilitator.sessions.views.common import bp, check_action, form_page, me, render_overview


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
