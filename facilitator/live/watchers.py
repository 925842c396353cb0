"""Who follows which session over /live in this process: for the online count and rate limits."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from facilitator.realtime.rate_limit import TokenBucket


@dataclass
class Watcher:
    """One /live connection: the session it watches, as whom, and its rate limit."""

    events: TokenBucket
    session_id: int | None = None
    role: str | None = None
    #: The participant behind a phone (from the device cookie); None for anyone else
    participant_id: int | None = field(default=None)


class Watchers:
    """Connections of this process by Socket.IO session id."""

    def __init__(self) -> None:
        self._watchers: dict[str, Watcher] = {}
        self._lock = threading.Lock()

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

    def watch(self, sid: str, session_id: int, role: str, participant_id: int | None) -> None:
        """Remember what a connection watches now."""
        with self._lock:
            watcher = self._watchers[sid]
            watcher.session_id, watcher.role = session_id, role
            watcher.participant_id = participant_id

    def drop(self, sid: str) -> Watcher | None:
        """Forget a connection that went away."""
        with self._lock:
            return self._watchers.pop(sid, None)

    def online_participants(self, session_id: int) -> set[int]:
        """Participants of the session with at least one connection here."""
        with self._lock:
            return {
                w.participant_id
                for w in self._watchers.values()
                if w.session_id == session_id and w.participant_id is not None
            }
