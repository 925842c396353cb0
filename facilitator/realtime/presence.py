"""Who is in a group's model and which section each is editing: ephemeral, never in the DB.

One process keeps presence in memory. Several processes sharing a Redis message queue keep it
in Redis, each entry tagged with its process, whose heartbeat key expires when the process
dies, so a crashed server's connections vanish from the list.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

KEY_PREFIX = "facilitator:presence"
HEARTBEAT_SECONDS = 10
PROCESS_TTL_SECONDS = 30


class PresenceStore(Protocol):
    """Where presence entries live."""

    def put(self, group_id: int, sid: str, entry: dict[str, Any]) -> None:
        """Add or replace one connection's entry."""

    def drop(self, group_id: int, sid: str) -> None:
        """Remove one connection's entry."""

    def entries(self, group_id: int) -> list[dict[str, Any]]:
        """Every live connection's entry."""

    def connections(self, group_id: int) -> dict[str, dict[str, Any]]:
        """Every connection's entry by sid, a dead process's included (for taking them out)."""


def entry(person_kind: str, person_id: int, name: str, section: str | None) -> dict[str, Any]:
    """One connection's presence entry."""
    return {
        "kind": person_kind,
        "id": person_id,
        "name": name,
        "section": section,
        "at": time.time(),
    }


def store_for(
    queue: str | None, channel: str, start_task: Callable[..., Any], key_prefix: str = KEY_PREFIX
) -> PresenceStore:
    """Entries shared through Redis when the processes share a Redis message queue, else kept
    in this process's memory. ``key_prefix`` keeps apart the stores of different features."""
    if queue and queue.startswith(("redis://", "rediss://")):
        return RedisPresence(queue, channel, start_task, key_prefix)
    return MemoryPresence()


def connections_of(store: PresenceStore, group_id: int, kind: str, person_id: int) -> list[str]:
    """The connections (sids) through which one person is in the group's model."""
    found = store.connections(group_id).items()
    return [sid for sid, item in found if item["kind"] == kind and item["id"] == person_id]


def members(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per person, with the section of their most recently active connection."""
    latest: dict[tuple[str, int], dict[str, Any]] = {}
    for item in entries:
        key = (item["kind"], item["id"])
        if key not in latest or item["at"] >= latest[key]["at"]:
            latest[key] = item
    return [
        {"id": item["id"], "kind": item["kind"], "name": item["name"], "section": item["section"]}
        for item in sorted(latest.values(), key=lambda item: (item["name"], item["id"]))
    ]


class MemoryPresence:
    """Presence of the connections of this process."""

    def __init__(self) -> None:
        self._groups: dict[int, dict[str, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def put(self, group_id: int, sid: str, entry: dict[str, Any]) -> None:
        """Add or replace one connection's entry."""
        with self._lock:
            self._groups.setdefault(group_id, {})[sid] = entry

    def drop(self, group_id: int, sid: str) -> None:
        """Remove one connection's entry."""
        with self._lock:
            group = self._groups.get(group_id, {})
            group.pop(sid, None)
            if not group:
                self._groups.pop(group_id, None)

    def entries(self, group_id: int) -> list[dict[str, Any]]:
        """Every connection's entry."""
        with self._lock:
            return list(self._groups.get(group_id, {}).values())

    def connections(self, group_id: int) -> dict[str, dict[str, Any]]:
        """Every connection's entry by sid."""
        with self._lock:
            return dict(self._groups.get(group_id, {}))


class RedisPresence:
    """Presence shared by every server process through Redis."""

    def __init__(
        self,
        url: str,
        channel: str,
        start_task: Callable[..., Any],
        key_prefix: str = KEY_PREFIX,
    ) -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.prefix = f"{key_prefix}:{channel}"
        self.process = uuid.uuid4().hex
        self._start_task = start_task
        self._started = False
        self._lock = threading.Lock()

    def _process_key(self, process: str) -> str:
        return f"{self.prefix}:process:{process}"

    def _group_key(self, group_id: int) -> str:
        return f"{self.prefix}:group:{group_id}"

    def _ensure_heartbeat(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        self.redis.set(self._process_key(self.process), "1", ex=PROCESS_TTL_SECONDS)
        self._start_task(self._heartbeat)

    def _heartbeat(self) -> None:
        while True:
            try:
                self.redis.set(self._process_key(self.process), "1", ex=PROCESS_TTL_SECONDS)
            except Exception:  # keep beating through a passing Redis outage
                log.warning("presence heartbeat failed", exc_info=True)
            time.sleep(HEARTBEAT_SECONDS)

    def put(self, group_id: int, sid: str, entry: dict[str, Any]) -> None:
        """Add or replace one connection's entry."""
        self._ensure_heartbeat()
        value = json.dumps(entry | {"process": self.process})
        self.redis.hset(self._group_key(group_id), sid, value)

    def drop(self, group_id: int, sid: str) -> None:
        """Remove one connection's entry."""
        self.redis.hdel(self._group_key(group_id), sid)

    def entries(self, group_id: int) -> list[dict[str, Any]]:
        """Entries of connections whose process is still alive; dead ones are cleared."""
        raw = self.redis.hgetall(self._group_key(group_id))
        decoded = {sid: json.loads(value) for sid, value in raw.items()}
        processes = sorted({item["process"] for item in decoded.values()})
        alive = dict(
            zip(
                processes,
                self.redis.mget([self._process_key(p) for p in processes]) if processes else [],
                strict=True,
            )
        )
        stale = [sid for sid, item in decoded.items() if not alive.get(item["process"])]
        if stale:
            self.redis.hdel(self._group_key(group_id), *stale)
        return [item for item in decoded.values() if alive.get(item["process"])]

    def connections(self, group_id: int) -> dict[str, dict[str, Any]]:
        """Every connection's entry by sid; a dead process's are included (taking a
        connection out of a room costs nothing, and they are cleared by ``entries``)."""
        raw = self.redis.hgetall(self._group_key(group_id))
        return {sid.decode(): json.loads(value) for sid, value in raw.items()}
