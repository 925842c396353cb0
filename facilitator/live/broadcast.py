"""Everything the server sends on /live apart from acknowledgements; rooms per session.

Other packages call `notify_session` after their commits (docs/live-protocol.md).
"""

from __future__ import annotations

import logging
from typing import Any

from facilitator.extensions import socketio
from facilitator.live import state
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)

NAMESPACE = "/live"


def room(session_id: int) -> str:
    """Everyone following the session: phones, visitors, the projector and moderators."""
    return f"live:{session_id}"


def moderators_room(session_id: int) -> str:
    """The session's moderators' panels."""
    return f"live:{session_id}:moderators"


def screens_room(session_id: int) -> str:
    """The session's projector views."""
    return f"live:{session_id}:screens"


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


def enter_rooms(sid: str, session_id: int, role: str) -> None:
    """Put a watching connection in the session's rooms for its role."""
    socketio.server.enter_room(sid, room(session_id), namespace=NAMESPACE)
    if role == "moderator":
        socketio.server.enter_room(sid, moderators_room(session_id), namespace=NAMESPACE)
    elif role == "projector":
        socketio.server.enter_room(sid, screens_room(session_id), namespace=NAMESPACE)


def leave_rooms(sid: str, session_id: int) -> None:
    """Take a connection out of the session's rooms (it watches another session now)."""
    for name in (room(session_id), moderators_room(session_id), screens_room(session_id)):
        socketio.server.leave_room(sid, name, namespace=NAMESPACE)


def phase(session: DesignSession) -> None:
    """Tell everyone the phase, agenda item and presenting group, then the timer."""
    notify_session(session.id, "phase", state.phase_payload(session))
    timer(session)


def timer(session: DesignSession) -> None:
    """Tell everyone the timer."""
    notify_session(session.id, "timer", state.timer_payload(session))


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
