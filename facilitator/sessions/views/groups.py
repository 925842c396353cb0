"""The groups tab: creative groups, their model topics, capacity and order."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from facilitator.sessions import groups
from facilitator.sessions.forms import GroupForm, MoveForm
from facilitator.sessions.models import CreativeGroup, DesignSession
from facilitator.sessions.permissions import moderated_session_or_404
from facilitator.sessions.preparation import PreparationError
from facilitator.sessions.views.common import bp, check_action, child_or_404, me


def _render_groups(session: DesignSession, form: GroupForm, status: int = 200):
    return render_template(
        "sessions/groups.html", session=session, form=form, active_tab="groups"
    ), status


@bp.route("/<int:session_id>/groups", methods=["GET", "POST"])
@login_required
def groups_tab(session_id: int):
    """The creative groups in order, with a form to add one."""
    session = moderated_session_or_404(session_id)
    form = GroupForm()
    if not form.is_submitted():
        form.name.data = _("Group %(num)d", num=len(session.groups) + 1)
        return _render_groups(session, form)
    if not form.validate():
        return _render_groups(session, form, 422)
    group = groups.add_group(session, form.values(), me())
    flash(_("The group «%(name)s» is added.", name=group.name), "success")
    return redirect(url_for("sessions.groups_tab", session_id=session.id))


@bp.route("/<int:session_id>/groups/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
def edit_group(session_id: int, group_id: int):
    """Change a group's name, topic, description or capacity."""
    session = moderated_session_or_404(session_id)
    group = child_or_404(CreativeGroup, group_id, session)
    form = GroupForm(group=group)
    context = {"session": session, "group": group, "form": form, "active_tab": "groups"}
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("sessions/group.html", **context), status
    try:
        groups.update_group(group, form.values(), me())
    except PreparationError as error:
        form.capacity.errors = [*form.capacity.errors, str(error)]
        return render_template("sessions/group.html", **context), 422
    flash(_("The group «%(name)s» is saved.", name=group.name), "success")
    return redirect(url_for("sessions.groups_tab", session_id=session.id))


@bp.route("/<int:session_id>/groups/<int:group_id>/delete", methods=["POST"])
@login_required
def delete_group(session_id: int, group_id: int):
    """Delete a group; its members stay without a group."""
    session = moderated_session_or_404(session_id)
    group = child_or_404(CreativeGroup, group_id, session)
    check_action()
    name = group.name
    moved = groups.delete_group(group, me())
    message = _("The group «%(name)s» is deleted.", name=name)
    if moved:
        message += " " + ngettext(
            "%(num)d member is now without a group.",
            "%(num)d members are now without a group.",
            moved,
        )
    flash(message, "success")
    return redirect(url_for("sessions.groups_tab", session_id=session.id))


@bp.route("/<int:session_id>/groups/<int:group_id>/move", methods=["POST"])
@login_required
def move_group(session_id: int, group_id: int):
    """Move a group one place up or down."""
    session = moderated_session_or_404(session_id)
    group = child_or_404(CreativeGroup, group_id, session)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    groups.move_group(group, form.direction.data, me())
    return redirect(
        url_for("sessions.groups_tab", session_id=session.id, _anchor=f"group-{group.id}")
    )
