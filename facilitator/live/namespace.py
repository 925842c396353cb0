"""Socket.IO handlers of /live: parse, authorize, call a service, emit.

The protocol is docs/live-protocol.md. Every client event is acknowledged; a refusal is an
``{ok: false, code, message}`` acknowledgement and changes nothing, a moderator's control that
went through an ``{ok: true, message, now}`` one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import force_locale
from flask_socketio import SocketIO

from facilitator import sockets
from facilitator.extensions import db
from facilitator.live import (
    access,
    broadcast,
    confirmations,
    dashboard,
    errors,
    phase_control,
    progress_push,
    reveal,
    state,
    timer,
)
from facilitator.live.protocol import (
    ItemRequest,
    PhaseRequest,
    PresentRequest,
    SessionRequest,
    TimerRequest,
    WatchRequest,
)
from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession

log = logging.getLogger(__name__)

NAMESPACE = broadcast.NAMESPACE


def _rollback() -> None:
    db.session.rollback()


events = sockets.Namespace(
    NAMESPACE, sockets.acknowledged(access.take_token, errors.internal_message, _rollback, log)
)


def on_connect(auth: Any = None) -> bool:
    """Sent by every client on connecting; anyone may connect, `watch` checks who they are."""
    access.watcher(request.sid)
    return True


def on_disconnect(reason: Any = None) -> None:
    """Sent when a client goes away; the projector and moderators get the new counts."""
    gone = current_app.extensions["facilitator_live"].drop(request.sid)
    if gone is not None and gone.participant_id is not None and gone.session_id is not None:
        progress_push.watchers_changed(gone.session_id)


@events.event("watch")
def on_watch(payload: Any = None) -> dict[str, Any]:
    """Sent by a phone, the projector or a moderator's panel; it gets the phase and timer."""
    watch = WatchRequest.parse(payload)
    viewer = access.authorize_watch(request.sid, watch)
    return broadcast_watching(viewer)


@events.event("set_phase")
def on_set_phase(payload: Any = None) -> dict[str, Any]:
    """Sent by a moderator jumping to a phase; everyone watching gets `now`."""
    change = PhaseRequest.parse(payload)
    session, moderator = access.authorize_control(request.sid, change.session_id)
    phase_control.move_to_phase(
        session, change.phase, moderator, change.timer or phase_control.KEEP
    )
    return control_ack(session, lambda: confirmations.where_now(session))


@events.event("next_item")
def on_next_item(payload: Any = None) -> dict[str, Any]:
    """Sent by a moderator's "Start next item"; everyone watching gets `now`."""
    change = SessionRequest.parse(payload)
    session, moderator = access.authorize_control(request.sid, change.session_id)
    phase_control.start_next_item(session, moderator, change.timer or phase_control.RESTART)
    return control_ack(session, lambda: confirmations.where_now(session))


@events.event("start_item")
def on_start_item(payload: Any = None) -> dict[str, Any]:
    """Sent by a moderator starting one agenda item; everyone watching gets `now`."""
    change = ItemRequest.parse(payload)
    session, moderator = access.authorize_control(request.sid, change.session_id)
    item = db.session.get(AgendaItem, change.item_id)
    if item is None:
        raise errors.gone(f"agenda item {change.item_id}")
    phase_control.start_item(session, item, moderator, change.timer or phase_control.RESTART)
    return control_ack(session, lambda: confirmations.where_now(session))


@events.event("timer_control")
def on_timer_control(payload: Any = None) -> dict[str, Any]:
    """Sent by a moderator's timer buttons; everyone watching gets `now`."""
    change = TimerRequest.parse(payload)
    session, moderator = access.authorize_control(request.sid, change.session_id)
    timer.control(session, change.action, moderator, change.minutes)
    return control_ack(session, lambda: confirmations.timer_done(change.action))


@events.event("present_group")
def on_present_group(payload: Any = None) -> dict[str, Any]:
    """Sent by a moderator stepping through presenting groups; everyone gets `now`."""
    change = PresentRequest.parse(payload)
    session, moderator = access.authorize_control(request.sid, change.session_id)
    group = None
    if change.group_id is not None:
        group = db.session.get(CreativeGroup, change.group_id)
        if group is None:
            raise errors.gone(f"group {change.group_id}")
    chosen = phase_control.present_group(session, moderator, group=group, step=change.step)
    return control_ack(session, lambda: confirmations.presenting(chosen))


@events.event("reveal_results")
def on_reveal_results(payload: Any = None) -> dict[str, Any]:
    """Sent by a moderator revealing (or hiding) the voting results; the projector gets `reveal`."""
    change = reveal.RevealRequest.parse(payload)
    session, moderator = access.authorize_control(request.sid, change.session_id)
    shown = reveal.reveal(session, moderator, change.show)
    return control_ack(session, lambda: confirmations.reveal_done(shown)) | {"revealed": shown}


def on_unknown(event: str, *args: Any) -> dict[str, Any]:
    """Sent by a client with an event this namespace does not know; it gets an `error`."""
    return sockets.answer_unknown(event, access.take_token, broadcast.unknown_event, log)


# --- the emit step of each handler ----------------------------------------------------------


def broadcast_watching(viewer: access.Viewer) -> dict[str, Any]:
    """Enter the session's rooms, update the counts and build the watch acknowledgement."""
    sid, session = request.sid, viewer.session
    previous = access.watcher(sid).session_id
    if previous is not None:
        # Rooms of another session, or of another language of this one, are left behind.
        broadcast.leave_rooms(sid, previous)
    current_app.extensions["facilitator_live"].watch(
        sid, session.id, viewer.role, viewer.participant_id, viewer.locale
    )
    broadcast.enter_rooms(sid, session.id, viewer.role, viewer.locale)
    if viewer.participant_id is not None:
        # Counted once for a whole wave of phones coming in (progress_push).
        progress_push.watchers_changed(session.id)
    now = state.now_ms()
    ack = {
        "ok": True,
        "role": viewer.role,
        "locale": viewer.locale,
        "now": state.now_payload_in(session, viewer.locale, now),
        "server_now_ms": now,
    }
    if viewer.role in (access.MODERATOR, access.PROJECTOR):
        ack["counts"] = dashboard.counts(session)
    return ack


def control_ack(session: DesignSession, done: Callable[[], str]) -> dict[str, Any]:
    """The acknowledgement of a moderator's control: what it did, in the moderator's language
    (``done``'s sentence, as the panel's form post flashes it), and the state everyone sees."""
    now = state.now_ms()
    locale = access.watcher(request.sid).locale or access.connection_locale(None)
    with force_locale(locale):
        message = done()
    return {
        "ok": True,
        "message": message,
        "now": state.now_payload_in(session, locale, now),
        "server_now_ms": now,
    }


def register_handlers(socketio: SocketIO) -> None:
    """Attach the handlers to the server that ``socketio.init_app`` built."""
    events.register(socketio, on_connect, on_disconnect, on_unknown)
