"""Who follows which session over /live: rate limits per connection of this process, and the
participants online, counted across every process that shares the Redis message queue."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from facilitator.realtime.presence import MemoryPresence, PresenceStore, entry
from facilitator.sockets import TokenBucket

#: Key prefix of the online participants' entries in Redis (apart from /workspace presence)
ONLINE_KEY_PREFIX = "facilitator:online"


@dataclass
class Watcher:
    """One /live connection: the session it watches, as whom, and its rate limit."""

    events: TokenBucket
    session_id: int | None = None
    role: str | None = None
    #: The participant behind a phone (from the device cookie); None for anyone else
    participant_id: int | None = field(default=None)
    #: The language the device reads
    locale: str | None = None


class Watchers:
    """Connections of this process by Socket.IO session id, and who is online by session.

    ``online`` holds one entry per phone connection, by session: in Redis when several
    processes serve the hall (a dead process's entries expire with its heartbeat), else here.
    """

    def __init__(self, online: PresenceStore | None = None) -> None:
        self._watchers: dict[str, Watcher] = {}
        self._lock = threading.Lock()
        self.online = online or MemoryPresence()

    def get(self, sid: str, config: Mapping[str, Any]) -> Watcher:
        """The connection's record, created on first use."""
        with self._lock:
            watcher = self._watchers.get(sid)
            if watcher is None:
                watcher = Watcher(
                    TokenBucket(config["LIVE_EVENT_RATE"], config["LIVE_EVENT_BURST"])
                )
                self._watchers[sid] = watcher
            return watcher

    def watch(
        self,
        sid: str,
        session_id: int,
        role: str,
        participant_id: int | None,
        locale: str | None = None,
    ) -> None:
        """Remember what a connection watches now, and in which language."""
        with self._lock:
            watcher = self._watchers[sid]
            before = watcher.session_id if watcher.participant_id is not None else None
            watcher.session_id, watcher.role = session_id, role
            watcher.participant_id, watcher.locale = participant_id, locale
        # The shared store is written outside the lock: with Redis it is a round trip.
        if before is not None and before != session_id:
            self.online.drop(before, sid)
        if participant_id is not None:
            self.online.put(session_id, sid, entry("participant", participant_id, "", None))
        elif before == session_id:
            self.online.drop(session_id, sid)

    def drop(self, sid: str) -> Watcher | None:
        """Forget a connection that went away."""
        with self._lock:
            gone = self._watchers.pop(sid, None)
        if gone is not None and gone.session_id is not None and gone.participant_id is not None:
            self.online.drop(gone.session_id, sid)
        return gone

    def online_participants(self, session_id: int) -> set[int]:
        """Participants of the session with at least one connection, in any process."""
        return {item["id"] for item in self.online.entries(session_id)}
