"""A group's model held in memory: the live document, its cache and the settings it reads."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.updates import Section

_CATCH_UP_ATTEMPTS = 5


@dataclass(frozen=True)
class Author:
    """Who made an update: a participant or a moderator (or the server itself)."""

    kind: str
    id: int | None


@dataclass(frozen=True)
class Committed:
    """The outcome of appending an update."""

    group_id: int
    seq: int
    #: What to broadcast; None when the update changed nothing and was not stored
    update: bytes | None
    progress: dict[str, Any]
    #: The group's design session (whose moderators hear of the progress)
    session_id: int | None = None


@dataclass
class LiveDocument:
    """A process's copy of a group's document and the last ``seq`` it includes."""

    document: ModelDocument = field(default_factory=ModelDocument)
    seq: int = 0
    #: No later than the start of the current version interval (None: ask the database)
    interval_since: dt.datetime | None = None
    #: When this process last wrote the group's snapshot column (monotonic seconds)
    snapshot_at: float = float("-inf")


@dataclass(frozen=True)
class Head:
    """The few columns of a group's document row that the append path needs."""

    last_seq: int
    checkpoint_seq: int
    progress: dict[str, Any]


class DocumentCache:
    """The live documents of one app in this process, with the locks that guard them."""

    def __init__(self, serialise_all: bool) -> None:
        self._documents: dict[int, LiveDocument] = {}
        self._locks: dict[int, threading.Lock] = {}
        #: Groups whose document row exists (rows go only with their group)
        self.stored: set[int] = set()
        #: Template sections by session id, with the monotonic time they were read
        self.sections: dict[int, tuple[float, tuple[Section, ...]]] = {}
        self._guard = threading.Lock()
        # SQLite has one writer at a time; a green thread waiting in its busy handler would
        # block the whole process, including the writer it waits for. So on SQLite the
        # process takes turns itself.
        self._global = threading.Lock() if serialise_all else None

    def live(self, group_id: int) -> LiveDocument:
        """The cached document of a group (empty until it catches up)."""
        with self._guard:
            live = self._documents.get(group_id)
            if live is None:
                live = self._documents[group_id] = LiveDocument()
            return live

    def lock(self, group_id: int) -> threading.Lock:
        """The lock that serialises this process's work on one group's document.

        Take it through `locks.holding`, which keeps the lock order (docs/realtime-protocol.md).
        """
        if self._global is not None:
            return self._global
        with self._guard:
            return self._locks.setdefault(group_id, threading.Lock())

    def locks_for(self, group_ids: Sequence[int]) -> list[threading.Lock]:
        """The locks of several groups, each once, in group order (so nobody deadlocks)."""
        if self._global is not None:
            return [self._global]
        return [self.lock(group_id) for group_id in sorted(set(group_ids))]

    def forget(self, group_id: int | None = None) -> None:
        """Drop cached documents (all of them when no group is named)."""
        with self._guard:
            if group_id is None:
                self._documents.clear()
            else:
                self._documents.pop(group_id, None)


def settings(name: str) -> Any:
    """A realtime setting of the current app."""
    return current_app.config[name]


def cache() -> DocumentCache:
    """The current app's document cache."""
    return current_app.extensions["facilitator_realtime"].documents
