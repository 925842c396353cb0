"""Payloads of the /workspace namespace: parsing what clients send, base64 both ways."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from facilitator.realtime import errors
from facilitator.realtime.errors import RealtimeError
from facilitator.realtime.yupdate import MalformedUpdate, read_state_vector
from facilitator.sockets import Request, named_room, read_by

NAMESPACE = "/workspace"
SECTION_KEY_MAX = 64


def encode(data: bytes) -> str:
    """Bytes as standard base64 text."""
    return base64.b64encode(data).decode("ascii")


def _decode(value: Any, field: str, max_bytes: int | None = None) -> bytes:
    if not isinstance(value, str):
        raise errors.bad_request(f"{field} must be a base64 string")
    if max_bytes is not None and len(value) > (max_bytes + 2) // 3 * 4:
        raise errors.update_too_large(max_bytes, f"{field} of {len(value)} base64 characters")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise errors.bad_request(f"{field} is not base64") from error


class WorkspaceRequest(Request):
    """A payload of /workspace; its ids are numbers."""

    refusal = RealtimeError


def _state_vector(payload: dict[str, Any]) -> bytes | None:
    vector = payload.get("state_vector")
    state_vector = None if vector in (None, "") else _decode(vector, "state_vector", 65536)
    if state_vector:
        try:
            read_state_vector(state_vector)
        except MalformedUpdate as error:
            raise errors.bad_request(f"state_vector: {error}") from error
    return state_vector


def _section(payload: dict[str, Any]) -> str | None:
    section = payload.get("section")
    if section is not None and (
        not isinstance(section, str)
        or not 0 < len(section) <= SECTION_KEY_MAX
        or not section.isprintable()
    ):
        raise errors.bad_request("section must be a section key or null")
    return section


@dataclass(frozen=True)
class JoinRequest(WorkspaceRequest):
    """`join`: enter a group's room and exchange state vectors."""

    group_id: int
    state_vector: bytes | None

    @classmethod
    def read(cls, payload: dict[str, Any]) -> JoinRequest:
        """The state vector (too large or malformed first), then the group."""
        state_vector = _state_vector(payload)
        return cls(cls.id(payload.get("group_id"), "group_id"), state_vector)


@dataclass(frozen=True)
class UpdateRequest(WorkspaceRequest):
    """`update`: a Yjs v1 update for a group's document."""

    group_id: int
    update: bytes

    @classmethod
    def parse(cls, payload: Any, max_bytes: int) -> UpdateRequest:
        """Read the payload or raise bad_request / too_large."""
        payload = cls.as_object(payload)
        group_id = cls.id(payload.get("group_id"), "group_id")
        update = _decode(payload.get("update"), "update", max_bytes)
        if len(update) > max_bytes:
            raise errors.update_too_large(max_bytes, f"update of {len(update)} bytes")
        return cls(group_id, update)


@dataclass(frozen=True)
class PresenceRequest(WorkspaceRequest):
    """`presence`: which section the person is editing, if any."""

    group_id: int
    section: str | None = field(metadata=read_by(_section))


@dataclass(frozen=True)
class GroupRequest(WorkspaceRequest):
    """`leave`: a payload naming only a group."""

    group_id: int


@dataclass(frozen=True)
class WatchRequest(WorkspaceRequest):
    """`watch_session`: a moderator follows every group's progress."""

    session_id: int


#: Everyone who joined the group: editors and viewers
group_room = named_room("group")
#: The group's own participants, who get `status` when their rights change
members_room = named_room("group", "members")
#: Moderators watching a session's progress
moderators_room = named_room("session", "moderators")
