"""What the server remembers about each Socket.IO connection of this process."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from facilitator.realtime.permissions import Person
from facilitator.realtime.rate_limit import TokenBucket


@dataclass
class Connection:
    """One connection: its rate limits and the groups it joined (with who it is there)."""

    updates: TokenBucket
    events: TokenBucket
    joined: dict[int, Person] = field(default_factory=dict)


class Connections:
    """Connections of this process by Socket.IO session id."""

    def __init__(self) -> None:
        self._connections: dict[str, Connection] = {}
        self._lock = threading.Lock()

    def get(self, sid: str, config: Mapping[str, Any]) -> Connection:
        """The connection's record, created on first use with the rate limits in ``config``."""
        with self._lock:
            connection = self._connections.get(sid)
            if connection is None:
                connection = Connection(
                    TokenBucket(config["REALTIME_UPDATE_RATE"], config["REALTIME_UPDATE_BURST"]),
                    TokenBucket(config["REALTIME_EVENT_RATE"], config["REALTIME_EVENT_BURST"]),
                )
                self._connections[sid] = connection
            return connection

    def drop(self, sid: str) -> Connection | None:
        """Forget a connection that went away."""
        with self._lock:
            return self._connections.pop(sid, None)
