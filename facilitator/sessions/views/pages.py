"""Moderator pages for preparing sessions: the list, details, phase before the start, the team."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from facilitator.accounts.models import Moderator
from facilitator.sessions import model_templates, preparation
from facilitator.sessions.forms import (
    CoModeratorForm,
    LogoForm,
    NewSessionForm,
    SessionForm,
)
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.views.common import bp, check_action, me, render_overview
from facilitator.webforms import form_page


def _check_owner_action(session: DesignSession) -> None:
    """A button only the session's owner may press: 400 without a valid form, 403 for others."""
    check_action()
    if not preparation.may_manage_team(session, me()):
        abort(403)


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
@moderated_view
def overview(session: DesignSession):
    """Every detail of the session, its phase, join code and logos."""
    return render_overview(session, LogoForm())


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@moderated_view
def edit(session: DesignSession):
    """Change the session's details."""
    form = SessionForm(obj=session)
    if not form.validate_on_submit():
        return form_page("sessions/form.html", form, session=session)
    preparation.update_session(session, form.details(), me())
    flash(_("The session's details are saved."), "success")
    return redirect(url_for("sessions.overview", session_id=session.id))


@bp.route("/<int:session_id>/delete", methods=["POST"])
@moderated_view
def delete(session: DesignSession):
    """Delete the session; only its owner may."""
    _check_owner_action(session)
    title = session.title
    preparation.delete_session(session, me())
    flash(_("The session «%(title)s» is deleted.", title=title), "success")
    return redirect(url_for("sessions.index"))


@bp.route("/<int:session_id>/open-registration", methods=["POST"])
@moderated_view
def open_registration(session: DesignSession):
    """Draft → lobby: people may join with the code."""
    return _change_phase(
        session,
        preparation.open_registration,
        _("Registration is open: people can join with the code."),
    )


@bp.route("/<int:session_id>/back-to-preparation", methods=["POST"])
@moderated_view
def back_to_preparation(session: DesignSession):
    """Back to draft while nobody has joined."""
    return _change_phase(
        session, preparation.back_to_preparation, _("The session is back in preparation.")
    )


def _change_phase(
    session: DesignSession, change: Callable[[DesignSession, Moderator], object], done: str
):
    """A button that moves the session's phase: ``done`` on success, else why it was refused."""
    check_action()
    try:
        change(session, me())
    except preparation.PreparationError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("sessions.overview", session_id=session.id))


@bp.route("/<int:session_id>/team", methods=["GET", "POST"])
@moderated_view
def team(session: DesignSession):
    """The owner and co-moderators; the owner adds a co-moderator by e-mail."""
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
@moderated_view
def remove_co_moderator(session: DesignSession, moderator_id: int):
    """Take a co-moderator off the team; only the owner may."""
    _check_owner_action(session)
    try:
        removed = preparation.remove_co_moderator(session, moderator_id, me())
    except LookupError:
        abort(404)
    flash(_("%(name)s is no longer a co-moderator.", name=removed.full_name), "success")
    return redirect(url_for("sessions.team", session_id=session.id))
