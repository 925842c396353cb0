"""What every tab of the session preparation pages shares: the blueprint and small helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from facilitator.accounts.models import Moderator
from facilitator.sessions import logos, preparation
from facilitator.sessions.forms import ActionForm, LogoForm, MoveForm
from facilitator.sessions.models import DesignSession
from facilitator.sessions.ordering import Direction
from facilitator.sessions.permissions import moderated_view, owned_or_404
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


def session_child(model: type[T]) -> Callable[[DesignSession, int], T]:
    """A finder of the session's ``model`` rows by id (404 for another session's) for routes."""

    def find(session: DesignSession, child_id: int) -> T:
        return child_or_404(model, child_id, session)

    return find


def delete_and_move(
    blueprint: Blueprint,
    rule: str,
    name: str,
    *,
    find: Callable[[DesignSession, int], T],
    move: Callable[[T, Direction, Moderator], object],
    back: Callable[[DesignSession, T | None], ResponseReturnValue],
) -> Callable[[Callable[[T, Moderator], str]], Callable[[T, Moderator], str]]:
    """Serve the delete and move buttons of one kind of a session's ordered things.

    The decorated function deletes a thing and says what to flash. ``rule`` is a thing's
    address, ``/<int:session_id>/…/<int:…_id>``; the buttons post to ``rule/delete`` and
    ``rule/move``, endpoints ``delete_<name>`` and ``move_<name>``. ``find`` gives the session's
    thing with that id or 404s; ``back`` is the tab to return to, at the thing after a move.
    """

    def register(delete: Callable[[T, Moderator], str]) -> Callable[[T, Moderator], str]:
        @moderated_view
        def delete_view(session: DesignSession, **ids: int) -> ResponseReturnValue:
            thing = find(session, *ids.values())
            check_action()
            flash(delete(thing, me()), "success")
            return back(session, None)

        @moderated_view
        def move_view(session: DesignSession, **ids: int) -> ResponseReturnValue:
            thing = find(session, *ids.values())
            move(thing, form_or_400(MoveForm).direction.data, me())
            return back(session, thing)

        blueprint.add_url_rule(f"{rule}/delete", f"delete_{name}", delete_view, methods=["POST"])
        blueprint.add_url_rule(f"{rule}/move", f"move_{name}", move_view, methods=["POST"])
        return delete

    return register


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
