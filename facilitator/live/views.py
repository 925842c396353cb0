"""Pages of live control: the moderator's panel and its buttons, and the projector view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.joining.identity import current_participant
from facilitator.joining.qr import qr_svg
from facilitator.live import (
    access,
    confirmations,
    pages,
    phase_control,
    projector_extras,
    reveal,
    timer,
)
from facilitator.live.errors import LiveError
from facilitator.live.forms import ActionForm, ItemForm, PhaseForm, PresentForm, TimerForm
from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession
from facilitator.sessions.permissions import found_or_404, moderated_view, owned_or_404
from facilitator.webforms import form_or_400

bp = Blueprint("live", __name__)


def me() -> Moderator:
    """The logged-in moderator as a model instance."""
    return current_user._get_current_object()


def _panel(session: DesignSession):
    return redirect(url_for("live.panel", session_id=session.id))


def _run(
    session: DesignSession,
    action: Callable[[], Any],
    done: Callable[[Any], str] | None = None,
):
    """Call a service for a panel button; flash what it did (``done`` of its result, else where
    the session stands) or why it was refused; back to the panel."""
    try:
        result = action()
    except LiveError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(done(result) if done else confirmations.where_now(session), "success")
    return _panel(session)


def _item_timer_choice() -> str:
    """What an agenda item's start does with the timer: restart it unless the button says."""
    return form_or_400(ItemForm).timer.data or phase_control.RESTART


def _projector_session_or_404(token: str, groups: bool = False) -> DesignSession:
    session = found_or_404(access.session_by_token(token, groups=groups))
    g.session_language = session.language
    return session


@bp.app_context_processor
def _live_helpers() -> dict[str, Any]:
    return {"live_now": _live_now_for_page}


@bp.app_template_filter("timer_clock")
def _timer_clock(remaining_ms: int) -> str:
    return timer.clock_text(remaining_ms)


@bp.app_template_global("results_revealed")
def _results_revealed(session: DesignSession) -> bool:
    """Whether the projector shows the voting results now (the reveal control's state)."""
    return reveal.is_revealed(session)


@bp.app_template_filter("live_time")
def _live_time(value: dt.datetime) -> str:
    """A moment of today as 11:45 in the session's time zone."""
    return format_datetime(value, "HH:mm")


def _live_now_for_page(session: DesignSession) -> pages.ParticipantNow:
    """The "now" card's data for the visitor of a participant page, once per request."""
    cache = request.environ.setdefault("facilitator.live_now", {})
    if session.id not in cache:
        cache[session.id] = pages.participant_now(session, current_participant(session))
    return cache[session.id]


@bp.route("/sessions/<int:session_id>/live")
@moderated_view(groups=True)
def panel(session: DesignSession):
    """The moderator's live panel: phase, agenda, timer, presenting group and dashboard."""
    return render_template("live/panel.html", **pages.moderator_panel(session))


@bp.route("/sessions/<int:session_id>/live/phase", methods=["POST"])
@moderated_view
def set_phase(session: DesignSession):
    """Jump to any phase."""
    form = form_or_400(PhaseForm)
    phase = phase_control.parse_phase(form.phase.data)
    choice = form.timer.data or phase_control.KEEP
    return _run(session, lambda: phase_control.move_to_phase(session, phase, me(), choice))


@bp.route("/sessions/<int:session_id>/live/next", methods=["POST"])
@moderated_view
def next_item(session: DesignSession):
    """Start the next agenda item."""
    choice = _item_timer_choice()
    return _run(session, lambda: phase_control.start_next_item(session, me(), choice))


@bp.route("/sessions/<int:session_id>/live/items/<int:item_id>/start", methods=["POST"])
@moderated_view
def start_item(session: DesignSession, item_id: int):
    """Start one agenda item."""
    item = owned_or_404(AgendaItem, item_id, session_id=session.id)
    choice = _item_timer_choice()
    return _run(session, lambda: phase_control.start_item(session, item, me(), choice))


@bp.route("/sessions/<int:session_id>/live/timer", methods=["POST"])
@moderated_view
def timer_control(session: DesignSession):
    """Start, pause, resume, extend or stop the timer."""
    form = TimerForm()
    if not form.validate_on_submit():
        flash(_("The timer can run from 1 to %(max)d minutes.", max=timer.MAX_MINUTES), "error")
        return _panel(session)
    action = form.action.data
    return _run(
        session,
        lambda: timer.control(session, action, me(), form.minutes.data),
        lambda _timer: confirmations.timer_done(action),
    )


@bp.route("/sessions/<int:session_id>/live/present", methods=["POST"])
@moderated_view
def present_group(session: DesignSession):
    """Show a group's model on the projector during presentations."""
    form = form_or_400(PresentForm)
    if form.group_id.data is None and form.step.data is None:
        abort(400)
    group = None
    if form.group_id.data is not None:
        group = owned_or_404(CreativeGroup, form.group_id.data, session_id=session.id)
    return _run(
        session,
        lambda: phase_control.present_group(session, me(), group=group, step=form.step.data),
        confirmations.presenting,
    )


@bp.route("/sessions/<int:session_id>/live/reveal", methods=["POST"])
@moderated_view
def reveal_results(session: DesignSession):
    """Reveal the voting results on the projector, or hide them (``show=0``)."""
    form_or_400(ActionForm)
    show = request.form.get("show", "1") != "0"
    target = request.form.get("next") == "voting"
    try:
        reveal.reveal(session, me(), show)
    except LiveError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(confirmations.reveal_done(show), "success")
    if target and "engagement.results" in current_app.view_functions:
        return redirect(url_for("engagement.results", session_id=session.id))
    return _panel(session)


@bp.route("/p/<token>")
def projector(token: str):
    """The projector's view behind its secret link: large, full screen, following the phase."""
    session = _projector_session_or_404(token, groups=True)
    response = Response(
        render_template(
            "live/projector.html",
            session=session,
            screen=pages.projector_screen(session),
            extras=projector_extras.extras(session),
        )
    )
    # The link is the only secret: keep it out of Referer headers and caches.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/p/<token>/closing-qr.svg")
def closing_qr(token: str):
    """The QR code on the closing screen: the materials page, else the participant home."""
    session = _projector_session_or_404(token)
    url = pages.closing_url(session)
    response = Response(qr_svg(url, title=url), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response
