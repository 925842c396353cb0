"""Everything the server sends on /live apart from acknowledgements; rooms per session.

Other packages call `notify_session` after their commits (docs/live-protocol.md).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, has_app_context

from facilitator.extensions import socketio
from facilitator.live import state
from facilitator.sessions.models import DesignSession
from facilitator.sockets import named_room

log = logging.getLogger(__name__)

NAMESPACE = "/live"

#: Everyone following the session: phones, visitors, the projector and moderators
room = named_room("live")
#: The session's moderators' panels
moderators_room = named_room("live", "moderators")
#: The session's projector views
screens_room = named_room("live", "screens")


def locale_room(session_id: int, locale: str) -> str:
    """Everyone following the session whose device reads ``locale``: they get `now` in it."""
    return f"live:{session_id}:lang:{locale}"


def languages() -> tuple[str, ...]:
    """The interface languages a connection may read."""
    if has_app_context():
        return tuple(current_app.config["LANGUAGES"])
    return ("ru", "en")


def notify_session(
    session_id: int, event: str, payload: dict[str, Any], *, moderators_only: bool = False
) -> None:
    """Send an event to everyone following the session, or to its moderators only."""
    target = moderators_room(session_id) if moderators_only else room(session_id)
    try:
        socketio.emit(event, payload, to=target, namespace=NAMESPACE)
    except Exception:
        # A failed notification must not undo the caller's committed change.
        log.exception("Could not send %s to %s", event, target)


def enter_rooms(sid: str, session_id: int, role: str, locale: str) -> None:
    """Put a watching connection in the session's rooms for its role and language."""
    socketio.server.enter_room(sid, room(session_id), namespace=NAMESPACE)
    socketio.server.enter_room(sid, locale_room(session_id, locale), namespace=NAMESPACE)
    if role == "moderator":
        socketio.server.enter_room(sid, moderators_room(session_id), namespace=NAMESPACE)
    elif role == "projector":
        socketio.server.enter_room(sid, screens_room(session_id), namespace=NAMESPACE)


def leave_rooms(sid: str, session_id: int) -> None:
    """Take a connection out of the session's rooms (it watches another session now)."""
    names = [room(session_id), moderators_room(session_id), screens_room(session_id)]
    names += [locale_room(session_id, locale) for locale in languages()]
    for name in names:
        socketio.server.leave_room(sid, name, namespace=NAMESPACE)


def now(session: DesignSession) -> None:
    """Tell everyone the whole "now" (phase, item, next item, presenter, timer) in one message,
    in each device's language: one emit per language room."""
    moment = state.now_ms()
    for locale in languages():
        payload = state.now_payload_in(session, locale, moment)
        try:
            socketio.emit("now", payload, to=locale_room(session.id, locale), namespace=NAMESPACE)
        except Exception:
            # A failed notification must not undo the caller's committed change.
            log.exception("Could not send now to session %s (%s)", session.id, locale)


def progress(session_id: int, groups: dict[str, dict[str, Any]]) -> None:
    """Tell the projector and the moderators the models' progress that changed."""
    try:
        socketio.emit(
            "progress",
            {"groups": groups},
            to=[screens_room(session_id), moderators_room(session_id)],
            namespace=NAMESPACE,
        )
    except Exception:
        log.exception("Could not send progress of session %s", session_id)


def counts(session_id: int, payload: dict[str, Any]) -> None:
    """Tell the projector and the moderators how many people joined and are online."""
    try:
        socketio.emit(
            "counts",
            payload,
            to=[screens_room(session_id), moderators_room(session_id)],
            namespace=NAMESPACE,
        )
    except Exception:
        log.exception("Could not send counts of session %s", session_id)


def unknown_event(sid: str, payload: dict[str, Any]) -> None:
    """Answer an event the namespace does not know."""
    socketio.emit("error", payload, to=sid, namespace=NAMESPACE)
