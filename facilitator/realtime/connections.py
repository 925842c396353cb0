"""What the server remembers about each Socket.IO connection of this process."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from facilitator.realtime.permissions import Access, Person
from facilitator.sockets import TokenBucket


@dataclass
class Connection:
    """One connection: its rate limits and the groups it joined (with who it is there)."""

    updates: TokenBucket
    events: TokenBucket
    joined: dict[int, Person] = field(default_factory=dict)
    #: Per group: the rights last read from the database, and when (``time.monotonic()``)
    checked: dict[int, tuple[float, Access]] = field(default_factory=dict)

    def recently_checked(self, group_id: int, seconds: float) -> Access | None:
        """The rights read for the group no longer than ``seconds`` ago, if any."""
        found = self.checked.get(group_id)
        if found is None or time.monotonic() - found[0] > seconds:
            return None
        return found[1]


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

    def confirm(self, sid: str, group_id: int) -> None:
        """Note that the connection's rights to the group were just read again (and held)."""
        with self._lock:
            connection = self._connections.get(sid)
            found = connection.checked.get(group_id) if connection else None
            if found is not None:
                connection.checked[group_id] = (time.monotonic(), found[1])

    def left_group(self, sid: str, group_id: int, still_joined: bool) -> None:
        """Forget the rights a connection of this process had to a group it no longer belongs to."""
        with self._lock:
            connection = self._connections.get(sid)
            if connection is None:
                return
            connection.checked.pop(group_id, None)
            if not still_joined:
                connection.joined.pop(group_id, None)

    def drop(self, sid: str) -> Connection | None:
        """Forget a connection that went away."""
        with self._lock:
            return self._connections.pop(sid, None)
