"""The agenda tab: the programme's items, their times and order."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.sessions import agenda
from facilitator.sessions.forms import AgendaItemForm
from facilitator.sessions.models import AgendaItem, DesignSession
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.views.common import (
    bp,
    check_action,
    child_or_404,
    delete_and_move,
    me,
    session_child,
)
from facilitator.webforms import form_page

#: An agenda item's address; its edit, delete and move buttons add to it
ITEM = "/<int:session_id>/agenda/<int:item_id>"


def _render_agenda(session: DesignSession, form: AgendaItemForm, status: int = 200):
    return render_template(
        "sessions/agenda.html",
        session=session,
        form=form,
        lines=agenda.agenda_lines(session),
        active_tab="agenda",
    ), status


def _to_agenda(session: DesignSession, item: AgendaItem | None = None):
    anchor = f"item-{item.id}" if item is not None else None
    return redirect(url_for("sessions.agenda_tab", session_id=session.id, _anchor=anchor))


@bp.route("/<int:session_id>/agenda", methods=["GET", "POST"])
@moderated_view
def agenda_tab(session: DesignSession):
    """The programme in order, with a form to add the next item."""
    form = AgendaItemForm(session=session)
    if not form.is_submitted():
        form.starts_at.data = agenda.default_start(session)
        return _render_agenda(session, form)
    if not form.validate():
        return _render_agenda(session, form, 422)
    item = agenda.add_item(session, form.values(), me())
    flash(_("«%(title)s» is added to the agenda.", title=item.title), "success")
    return _to_agenda(session)


@bp.route(f"{ITEM}/edit", methods=["GET", "POST"])
@moderated_view
def edit_agenda_item(session: DesignSession, item_id: int):
    """Change one item of the programme."""
    item = child_or_404(AgendaItem, item_id, session)
    form = AgendaItemForm(session=session, obj=item)
    if not form.validate_on_submit():
        context = {"session": session, "item": item, "active_tab": "agenda"}
        return form_page("sessions/agenda_item.html", form, **context)
    agenda.update_item(item, form.values(), me())
    flash(_("The agenda item is saved."), "success")
    return _to_agenda(session)


@delete_and_move(
    bp, ITEM, "agenda_item", find=session_child(AgendaItem), move=agenda.order.move, back=_to_agenda
)
def _delete_item(item: AgendaItem, by: Moderator) -> str:
    agenda.order.delete(item, by)
    return _("The agenda item is deleted.")


@bp.route("/<int:session_id>/agenda/sort", methods=["POST"])
@moderated_view
def sort_agenda(session: DesignSession):
    """Put the items in the order of their start times."""
    check_action()
    agenda.sort_by_time(session, me())
    flash(_("The agenda is sorted by start time."), "success")
    return _to_agenda(session)
