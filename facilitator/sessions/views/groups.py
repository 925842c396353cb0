"""The groups tab: creative groups, their model topics, capacity and order."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.accounts.models import Moderator
from facilitator.sessions import groups
from facilitator.sessions.forms import GroupForm
from facilitator.sessions.models import CreativeGroup, DesignSession
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.preparation import PreparationError
from facilitator.sessions.views.common import bp, child_or_404, delete_and_move, me, session_child
from facilitator.webforms import form_page

#: A group's address; its edit, delete and move buttons add to it
GROUP = "/<int:session_id>/groups/<int:group_id>"


def _render_groups(session: DesignSession, form: GroupForm, status: int = 200):
    return render_template(
        "sessions/groups.html", session=session, form=form, active_tab="groups"
    ), status


def _to_groups(session: DesignSession, group: CreativeGroup | None = None):
    anchor = f"group-{group.id}" if group is not None else None
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


@bp.route(f"{GROUP}/edit", methods=["GET", "POST"])
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


@delete_and_move(
    bp, GROUP, "group", find=session_child(CreativeGroup), move=groups.order.move, back=_to_groups
)
def _delete_group(group: CreativeGroup, by: Moderator) -> str:
    # Its members stay in the session without a group.
    name = group.name
    moved = groups.delete_group(group, by)
    message = _("The group «%(name)s» is deleted.", name=name)
    if moved:
        message += " " + ngettext(
            "%(num)d member is now without a group.",
            "%(num)d members are now without a group.",
            moved,
        )
    return message
