"""Payloads of the /workspace namespace: parsing what clients send, base64 both ways."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from facilitator.realtime import errors
from facilitator.realtime.yupdate import MalformedUpdate, read_state_vector
from facilitator.sockets import named_room

NAMESPACE = "/workspace"
SECTION_KEY_MAX = 64
#: The largest id a row can have (PostgreSQL's integer): larger ones name nothing
MAX_ID = 2**31 - 1


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


def _object(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise errors.bad_request("payload must be an object")
    return payload


def _positive_int(payload: dict[str, Any], field: str) -> int:
    value = payload.get(field)
    # JSON numbers from JavaScript may arrive as floats; booleans are ints in Python.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_ID:
        raise errors.bad_request(f"{field} must be a positive integer up to {MAX_ID}")
    return value


@dataclass(frozen=True)
class JoinRequest:
    """`join`: enter a group's room and exchange state vectors."""

    group_id: int
    state_vector: bytes | None

    @classmethod
    def parse(cls, payload: Any) -> JoinRequest:
        """Read the payload or raise bad_request."""
        payload = _object(payload)
        vector = payload.get("state_vector")
        state_vector = None if vector in (None, "") else _decode(vector, "state_vector", 65536)
        if state_vector:
            try:
                read_state_vector(state_vector)
            except MalformedUpdate as error:
                raise errors.bad_request(f"state_vector: {error}") from error
        return cls(_positive_int(payload, "group_id"), state_vector)


@dataclass(frozen=True)
class UpdateRequest:
    """`update`: a Yjs v1 update for a group's document."""

    group_id: int
    update: bytes

    @classmethod
    def parse(cls, payload: Any, max_bytes: int) -> UpdateRequest:
        """Read the payload or raise bad_request / too_large."""
        payload = _object(payload)
        group_id = _positive_int(payload, "group_id")
        update = _decode(payload.get("update"), "update", max_bytes)
        if len(update) > max_bytes:
            raise errors.update_too_large(max_bytes, f"update of {len(update)} bytes")
        return cls(group_id, update)


@dataclass(frozen=True)
class PresenceRequest:
    """`presence`: which section the person is editing, if any."""

    group_id: int
    section: str | None

    @classmethod
    def parse(cls, payload: Any) -> PresenceRequest:
        """Read the payload or raise bad_request."""
        payload = _object(payload)
        section = payload.get("section")
        if section is not None and (
            not isinstance(section, str)
            or not 0 < len(section) <= SECTION_KEY_MAX
            or not section.isprintable()
        ):
            raise errors.bad_request("section must be a section key or null")
        return cls(_positive_int(payload, "group_id"), section)


@dataclass(frozen=True)
class GroupRequest:
    """`leave`: a payload naming only a group."""

    group_id: int

    @classmethod
    def parse(cls, payload: Any) -> GroupRequest:
        """Read the payload or raise bad_request."""
        return cls(_positive_int(_object(payload), "group_id"))


@dataclass(frozen=True)
class WatchRequest:
    """`watch_session`: a moderator follows every group's progress."""

    session_id: int

    @classmethod
    def parse(cls, payload: Any) -> WatchRequest:
        """Read the payload or raise bad_request."""
        return cls(_positive_int(_object(payload), "session_id"))


#: Everyone who joined the group: editors and viewers
group_room = named_room("group")
#: The group's own participants, who get `status` when their rights change
members_room = named_room("group", "members")
#: Moderators watching a session's progress
moderators_room = named_room("session", "moderators")
