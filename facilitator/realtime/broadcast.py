"""Everything the server sends on /workspace apart from acknowledgements' bodies."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale

from facilitator import signals
from facilitator.extensions import socketio
from facilitator.realtime import permissions
from facilitator.realtime.live_document import Committed
from facilitator.realtime.protocol import (
    NAMESPACE,
    encode,
    group_room,
    members_room,
    moderators_room,
)
from facilitator.sessions.models import CreativeGroup


def enter_rooms(sid: str, group_id: int, is_member: bool) -> None:
    """Put a connection in the group's room (and its members' room for its own group)."""
    socketio.server.enter_room(sid, group_room(group_id), namespace=NAMESPACE)
    if is_member:
        socketio.server.enter_room(sid, members_room(group_id), namespace=NAMESPACE)


def leave_rooms(sid: str, group_id: int) -> None:
    """Take a connection out of the group's rooms."""
    for room in (group_room(group_id), members_room(group_id)):
        socketio.server.leave_room(sid, room, namespace=NAMESPACE)


def leave_group(sid: str, status: dict[str, Any], keep_reading: bool) -> None:
    """Take a connection out of the group's members' room, and out of its room unless it may
    still read the model; send it ``status`` (its new rights). Works across processes."""
    group_id = status["group_id"]
    socketio.server.leave_room(sid, members_room(group_id), namespace=NAMESPACE)
    if not keep_reading:
        socketio.server.leave_room(sid, group_room(group_id), namespace=NAMESPACE)
    socketio.emit("status", status, to=sid, namespace=NAMESPACE)


def enter_moderators_room(sid: str, session_id: int) -> None:
    """Let a moderator's connection hear every group's progress."""
    socketio.server.enter_room(sid, moderators_room(session_id), namespace=NAMESPACE)


def presence(group_id: int, members: list[dict[str, Any]]) -> None:
    """Tell the group's room who is there and where."""
    socketio.emit(
        "presence",
        {"group_id": group_id, "members": members},
        to=group_room(group_id),
        namespace=NAMESPACE,
    )


def committed(result: Committed, sender: str | None) -> None:
    """Send a committed update to the room (except its sender) and progress to watchers."""
    if result.update is None:
        return
    update(result, sender)
    progress(result)


def update(result: Committed, sender: str | None) -> None:
    """Send an update, with its ``seq``, to the group's room except its sender."""
    # Only the result is read: the group object expired at commit and would cost a query.
    socketio.emit(
        "update",
        {"group_id": result.group_id, "update": encode(result.update or b""), "seq": result.seq},
        to=group_room(result.group_id),
        skip_sid=sender,
        namespace=NAMESPACE,
    )


def progress(result: Committed) -> None:
    """Send the group's progress to its room and to the session's moderators; the projector
    and the live dashboard hear of it through /live (coalesced per session)."""
    socketio.emit(
        "progress",
        {"group_id": result.group_id, **result.progress, "seq": result.seq},
        to=[group_room(result.group_id), moderators_room(result.session_id)],
        namespace=NAMESPACE,
    )
    signals.group_progress_changed.send(
        result.session_id, group_id=result.group_id, progress=result.progress, seq=result.seq
    )


def rights(group_id: int, role: str, reason: str | None, language: str) -> dict[str, Any]:
    """The body of a `status` event: a role, and why it only reads, in the session's language."""
    with force_locale(language):
        message = permissions.read_only_message(reason)
    return {
        "group_id": group_id,
        "role": role,
        "read_only_reason": reason,
        "read_only_message": message,
    }


def status(group: CreativeGroup) -> None:
    """Tell the group's participants their editing rights after a change."""
    role, reason = permissions.members_role(group)
    socketio.emit(
        "status",
        rights(group.id, role, reason, group.session.language),
        to=members_room(group.id),
        namespace=NAMESPACE,
    )


def unknown_event(sid: str, payload: dict[str, Any]) -> None:
    """Answer an event the namespace does not know."""
    socketio.emit("error", payload, to=sid, namespace=NAMESPACE)
