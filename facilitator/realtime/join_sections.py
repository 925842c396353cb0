"""The template sections a `join` acknowledgement carries, read at most every few seconds.

A reconnect storm sends hundreds of joins to the same few sessions within a second; loading
the session, its template and sixteen section objects for each took three queries a join.
Like the engine's sections (`documents.cached_sections`), a changed template is seen within
``REALTIME_TEMPLATE_CACHE_SECONDS``.
"""

from __future__ import annotations

import copy
import threading
import time
from typing import Any

import sqlalchemy as sa
from flask import current_app

from facilitator.extensions import db
from facilitator.sessions.models import ModelTemplate, TemplateSection

_EXTENSION = "facilitator_join_sections"


class SectionCache:
    """Section dicts by session id, with the monotonic time they were read."""

    def __init__(self) -> None:
        self.entries: dict[int, tuple[float, list[dict[str, Any]]]] = {}
        self.guard = threading.Lock()


def _cache() -> SectionCache:
    return current_app.extensions.setdefault(_EXTENSION, SectionCache())


def section_dicts_of_session(session_id: int) -> list[dict[str, Any]]:
    """The session's template sections as the join acknowledgement lists them, in order."""
    cache = _cache()
    ttl = current_app.config["REALTIME_TEMPLATE_CACHE_SECONDS"]
    now = time.monotonic()
    with cache.guard:
        found = cache.entries.get(session_id)
    if found is None or now - found[0] >= ttl:
        found = (now, _read(session_id))
        with cache.guard:
            cache.entries[session_id] = found
    # Each acknowledgement gets its own copy: nothing downstream may change the cached one.
    return copy.deepcopy(found[1])


def _read(session_id: int) -> list[dict[str, Any]]:
    """One query: the sections of the session's own template (none without a template)."""
    columns = TemplateSection.__table__.c
    rows = db.session.execute(
        sa.select(
            columns.key,
            columns.kind,
            columns.title,
            columns.hint,
            columns.example,
            columns.columns,
        )
        .join(ModelTemplate.__table__, ModelTemplate.__table__.c.id == columns.template_id)
        .where(ModelTemplate.__table__.c.session_id == session_id)
        .order_by(columns.position)
    ).all()
    return [
        {
            "key": key,
            "kind": getattr(kind, "value", kind),
            "title": title,
            "hint": hint,
            "example": example,
            "columns": list(section_columns or []),
        }
        for key, kind, title, hint, example, section_columns in rows
    ]
