"""The agenda tab: the programme's items, their times and order."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from facilitator.sessions import agenda
from facilitator.sessions.forms import AgendaItemForm, MoveForm
from facilitator.sessions.models import AgendaItem, DesignSession
from facilitator.sessions.permissions import moderated_session_or_404
from facilitator.sessions.views.common import bp, check_action, child_or_404, me


def _render_agenda(session: DesignSession, form: AgendaItemForm, status: int = 200):
    return render_template(
        "sessions/agenda.html",
        session=session,
        form=form,
        lines=agenda.agenda_lines(session),
        active_tab="agenda",
    ), status


@bp.route("/<int:session_id>/agenda", methods=["GET", "POST"])
@login_required
def agenda_tab(session_id: int):
    """The programme in order, with a form to add the next item."""
    session = moderated_session_or_404(session_id)
    form = AgendaItemForm(session=session)
    if not form.is_submitted():
        form.starts_at.data = agenda.default_start(session)
        return _render_agenda(session, form)
    if not form.validate():
        return _render_agenda(session, form, 422)
    item = agenda.add_item(session, form.values(), me())
    flash(_("«%(title)s» is added to the agenda.", title=item.title), "success")
    return redirect(url_for("sessions.agenda_tab", session_id=session.id))


@bp.route("/<int:session_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_agenda_item(session_id: int, item_id: int):
    """Change one item of the programme."""
    session = moderated_session_or_404(session_id)
    item = child_or_404(AgendaItem, item_id, session)
    form = AgendaItemForm(session=session, obj=item)
    context = {"session": session, "item": item, "form": form, "active_tab": "agenda"}
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("sessions/agenda_item.html", **context), status
    agenda.update_item(item, form.values(), me())
    flash(_("The agenda item is saved."), "success")
    return redirect(url_for("sessions.agenda_tab", session_id=session.id))


@bp.route("/<int:session_id>/agenda/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_agenda_item(session_id: int, item_id: int):
    """Take an item off the programme."""
    session = moderated_session_or_404(session_id)
    item = child_or_404(AgendaItem, item_id, session)
    check_action()
    agenda.delete_item(item, me())
    flash(_("The agenda item is deleted."), "success")
    return redirect(url_for("sessions.agenda_tab", session_id=session.id))


@bp.route("/<int:session_id>/agenda/<int:item_id>/move", methods=["POST"])
@login_required
def move_agenda_item(session_id: int, item_id: int):
    """Move an item one place up or down."""
    session = moderated_session_or_404(session_id)
    item = child_or_404(AgendaItem, item_id, session)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    agenda.move_item(item, form.direction.data, me())
    return redirect(
        url_for("sessions.agenda_tab", session_id=session.id, _anchor=f"item-{item.id}")
    )


@bp.route("/<int:session_id>/agenda/sort", methods=["POST"])
@login_required
def sort_agenda(session_id: int):
    """Put the items in the order of their start times."""
    session = moderated_session_or_404(session_id)
    check_action()
    agenda.sort_by_time(session, me())
    flash(_("The agenda is sorted by start time."), "success")
    return redirect(url_for("sessions.agenda_tab", session_id=session.id))
