"""The groups tab: creative groups, their model topics, capacity and order."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.sessions import groups
from facilitator.sessions.forms import GroupForm, MoveForm
from facilitator.sessions.models import CreativeGroup, DesignSession
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.preparation import PreparationError
from facilitator.sessions.views.common import bp, check_action, child_or_404, me
from facilitator.webforms import form_or_400, form_page


def _render_groups(session: DesignSession, form: GroupForm, status: int = 200):
    return render_template(
        "sessions/groups.html", session=session, form=form, active_tab="groups"
    ), status


def _to_groups(session: DesignSession, anchor: str | None = None):
    return redirect(url_for("sessions.groups_tab", session_id=session.id, _anchor=anchor))


@bp.route("/<int:session_id>/groups", methods=["GET", "POST"])
@moderated_view
def groups_tab(session: DesignSession):
    """The creative groups in order, with a form to add one."""
    form = GroupForm()
    if not form.is_submitted():
        form.name.data = _("Group %(num)d", num=len(session.groups) + 1)
        return _render_groups(session, form)
    if not form.validate():
        return _render_groups(session, form, 422)
    group = groups.add_group(session, form.values(), me())
    flash(_("The group «%(name)s» is added.", name=group.name), "success")
    return _to_groups(session)


@bp.route("/<int:session_id>/groups/<int:group_id>/edit", methods=["GET", "POST"])
@moderated_view
def edit_group(session: DesignSession, group_id: int):
    """Change a group's name, topic, description or capacity."""
    group = child_or_404(CreativeGroup, group_id, session)
    form = GroupForm(group=group)
    context = {"session": session, "group": group, "active_tab": "groups"}
    if not form.validate_on_submit():
        return form_page("sessions/group.html", form, **context)
    try:
        groups.update_group(group, form.values(), me())
    except PreparationError as error:
        form.capacity.errors = [*form.capacity.errors, str(error)]
        return form_page("sessions/group.html", form, **context)
    flash(_("The group «%(name)s» is saved.", name=group.name), "success")
    return _to_groups(session)


@bp.route("/<int:session_id>/groups/<int:group_id>/delete", methods=["POST"])
@moderated_view
def delete_group(session: DesignSession, group_id: int):
    """Delete a group; its members stay without a group."""
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
    return _to_groups(session)


@bp.route("/<int:session_id>/groups/<int:group_id>/move", methods=["POST"])
@moderated_view
def move_group(session: DesignSession, group_id: int):
    """Move a group one place up or down."""
    group = child_or_404(CreativeGroup, group_id, session)
    groups.move_group(group, form_or_400(MoveForm).direction.data, me())
    return _to_groups(session, f"group-{group.id}")
