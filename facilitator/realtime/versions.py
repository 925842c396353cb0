"""Versions of a group's model: recorded on demand, compacted, and reopening a group's editing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.realtime import locks
from facilitator.realtime.documents import (
    _add_version,
    _fold,
    _lock_row,
    _phase,
    catch_up,
    ensure_document,
    template_sections,
)
from facilitator.realtime.live_document import LiveDocument, cache
from facilitator.realtime.models import (
    DocumentVersion,
    GroupDocument,
    VersionReason,
)
from facilitator.sessions.models import CreativeGroup

log = logging.getLogger(__name__)


@contextmanager
def _caught_up(
    group_id: int, forget_on_failure: bool
) -> Iterator[tuple[LiveDocument, GroupDocument]]:
    """Hold the group's lock, its row locked and its live document caught up with it.

    A failure rolls back; with ``forget_on_failure`` the live document is dropped as well.
    """
    documents = cache()
    with locks.holding([group_id]):
        live = documents.live(group_id)
        try:
            row = _lock_row(group_id)
            catch_up(live, group_id, row)
            yield live, row
        except Exception:
            db.session.rollback()
            if forget_on_failure:
                documents.forget(group_id)
            raise


def compact(group: CreativeGroup) -> int:
    """Fold the whole log of the group into its checkpoint now; return the checkpoint's seq."""
    ensure_document(group)
    group_id = group.id
    with _caught_up(group_id, forget_on_failure=True) as (live, row):
        if row.last_seq > row.checkpoint_seq:
            for name, value in _fold(group_id, live.document, row.last_seq).items():
                setattr(row, name, value)
        db.session.commit()
        return row.checkpoint_seq


def record_version(
    group: CreativeGroup, reason: VersionReason, *, only_if_changed: bool = True
) -> DocumentVersion | None:
    """Record the group's current state as a version; skip it when nothing changed since."""
    ensure_document(group)
    sections = template_sections(group)
    group_id, phase = group.id, _phase(group)
    with _caught_up(group_id, forget_on_failure=False) as (live, row):
        latest = db.session.scalar(
            sa.select(sa.func.max(DocumentVersion.seq)).where(DocumentVersion.group_id == group_id)
        )
        if row.last_seq == 0 or (only_if_changed and latest == row.last_seq):
            db.session.rollback()
            return None
        snapshot = live.document.snapshot(sections)
        version = _add_version(group_id, row.last_seq, live.document, snapshot, reason, phase)
        db.session.commit()
        return version


def set_editing_reopened(group: CreativeGroup, value: bool) -> None:
    """Store whether the group's members may edit after group work."""
    ensure_document(group)
    group_id = group.id
    with locks.holding([group_id]):
        try:
            _lock_row(group_id).editing_reopened = value
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
