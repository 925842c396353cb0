"""Socket.IO handlers of /workspace: parse, authorize, call a service, emit.

The protocol is docs/realtime-protocol.md. Every client event is acknowledged; a refusal is an
``{ok: false, code, message}`` acknowledgement and leaves the document and the room untouched.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO

from facilitator import sockets
from facilitator.offline.assets import workspace_version
from facilitator.realtime import broadcast, errors, service
from facilitator.realtime.protocol import (
    NAMESPACE,
    GroupRequest,
    JoinRequest,
    PresenceRequest,
    UpdateRequest,
    WatchRequest,
    encode,
)

log = logging.getLogger(__name__)


events = sockets.Namespace(
    NAMESPACE, sockets.acknowledged(service.admit, errors.internal_message, logger=log)
)


def on_connect(auth: Any = None) -> bool:
    """Sent by every client on connecting; anyone may connect, events check who they are."""
    service.connection(request.sid)
    return True


def on_disconnect(reason: Any = None) -> None:
    """Sent when a client goes away; each group it was in gets the new presence."""
    for group_id, members in service.disconnect(request.sid):
        broadcast.presence(group_id, members)


@events.event("join")
def on_join(payload: Any = None) -> dict[str, Any]:
    """Sent by a client opening a group's model; it gets the state it lacks, the room presence."""
    join = JoinRequest.parse(payload)
    access = service.authorize_join(request.sid, join.group_id)
    joined = service.join(request.sid, access, join.state_vector)
    return broadcast_joined(joined)


@events.event("update")
def on_update(payload: Any = None) -> dict[str, Any]:
    """Sent by an editor with a Yjs update; the room gets it, the sender an ack once committed."""
    change = UpdateRequest.parse(payload, current_app.config["REALTIME_MAX_UPDATE_BYTES"])
    result = service.apply_update(request.sid, change.group_id, change.update)
    return {"ok": True, "seq": result.seq}


@events.event("presence")
def on_presence(payload: Any = None) -> dict[str, Any]:
    """Sent by a client entering or leaving a section; the room gets the new presence."""
    where = PresenceRequest.parse(payload)
    access = service.authorize_joined(request.sid, where.group_id)
    members = service.set_presence(request.sid, access, where.section)
    return broadcast_presence(where.group_id, members)


@events.event("leave")
def on_leave(payload: Any = None) -> dict[str, Any]:
    """Sent by a client closing a group's model; the room gets the new presence."""
    leaving = GroupRequest.parse(payload)
    service.authorize_event(request.sid, leaving.group_id)
    members = service.leave(request.sid, leaving.group_id)
    return broadcast_left(leaving.group_id, members)


@events.event("watch_session")
def on_watch_session(payload: Any = None) -> dict[str, Any]:
    """Sent by a moderator's dashboard; it then gets every group's `progress`."""
    watch = WatchRequest.parse(payload)
    session = service.authorize_watch(request.sid, watch.session_id)
    groups = service.watch(session)
    return broadcast_watching(session.id, groups)


def on_unknown(event: str, *args: Any) -> dict[str, Any]:
    """Sent by a client with an event this namespace does not know; it gets an `error`."""
    return sockets.answer_unknown(event, service.admit, broadcast.unknown_event, log)


# --- the emit step of each handler ----------------------------------------------------------


def broadcast_joined(joined: service.Joined) -> dict[str, Any]:
    """Enter the rooms, announce presence and build the join acknowledgement."""
    access = joined.access
    broadcast.enter_rooms(request.sid, access.group.id, access.is_member)
    broadcast.presence(access.group.id, joined.members)
    return {
        "ok": True,
        "role": access.role,
        "read_only_reason": access.read_only_reason,
        "read_only_message": access.read_only_message(),
        "update": encode(joined.update),
        "state_vector": encode(joined.state_vector),
        "seq": joined.seq,
        "sections": joined.sections,
        "me": access.person.as_json(),
        "client_version": workspace_version(),
        "restored_seq": joined.restored_seq,
    }


def broadcast_presence(group_id: int, members: list[dict[str, Any]]) -> dict[str, Any]:
    """Announce presence and acknowledge."""
    broadcast.presence(group_id, members)
    return {"ok": True}


def broadcast_left(group_id: int, members: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Leave the rooms, announce presence and acknowledge."""
    broadcast.leave_rooms(request.sid, group_id)
    if members is not None:
        broadcast.presence(group_id, members)
    return {"ok": True}


def broadcast_watching(session_id: int, groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Enter the session's moderators' room and acknowledge with the current progress."""
    broadcast.enter_moderators_room(request.sid, session_id)
    return {"ok": True, "groups": groups}


def register_handlers(socketio: SocketIO) -> None:
    """Attach the handlers to the server that ``socketio.init_app`` built."""
    events.register(socketio, on_connect, on_disconnect, on_unknown)
