"""Reading a group's model as stored: snapshots, progress, versions; no live document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.realtime.documents import (
    locked_live,
    sections_of_sessions,
    template_sections,
)
from facilitator.realtime.models import (
    DocumentVersion,
    GroupDocument,
)
from facilitator.realtime.updates import Section, empty_snapshot, progress_of
from facilitator.sessions.models import CreativeGroup


def document_row(group: CreativeGroup) -> GroupDocument | None:
    """The group's document row, if anyone ever opened the model."""
    return db.session.get(GroupDocument, group.id)


def _merged_snapshot(sections: Sequence[Section], stored: dict[str, Any] | None) -> dict[str, Any]:
    """A stored snapshot with exactly the template's sections; a missing or re-kinded one empty."""
    parts = (stored or {}).get("sections") or {}
    merged = {}
    empty = None
    for section in sections:
        part = parts.get(section.key)
        if not part or part.get("kind") != section.kind:
            # Built only when needed: most stored snapshots have every section.
            if empty is None:
                empty = empty_snapshot(sections)["sections"]
            part = empty[section.key]
        merged[section.key] = part
    return {"sections": merged}


def _is_current(stored: dict[str, Any] | None, last_seq: int | None) -> bool:
    """Whether a stored snapshot holds every committed update (old ones carry no ``seq``)."""
    seq = (stored or {}).get("seq")
    return not isinstance(seq, int) or seq >= (last_seq or 0)


def _current_snapshot(group_id: int, sections: Sequence[Section]) -> dict[str, Any]:
    """The snapshot of the last commit, read from this process's copy of the document."""
    # As in append_update: no pooled connection sits idle while this waits for the group's lock.
    db.session.commit()
    with locked_live(group_id) as live:
        return live.document.snapshot(sections)


def stored_snapshot(group: CreativeGroup) -> dict[str, Any]:
    """The last committed snapshot, with every current template section present."""
    row = document_row(group)
    sections = template_sections(group)
    if row is not None and not _is_current(row.snapshot, row.last_seq):
        return _merged_snapshot(sections, _current_snapshot(group.id, sections))
    return _merged_snapshot(sections, row.snapshot if row else None)


def stored_snapshots_of_session(session_id: int) -> dict[int, dict[str, Any]]:
    """stored_snapshot of every group of the session, by group id, in two queries.

    A group whose snapshot column lags behind its log (a large model being edited) is read
    from the document instead.
    """
    sections = sections_of_sessions([session_id]).get(session_id, ())
    rows = db.session.execute(
        sa.select(CreativeGroup.id, GroupDocument.snapshot, GroupDocument.last_seq)
        .outerjoin(GroupDocument, GroupDocument.group_id == CreativeGroup.id)
        .where(CreativeGroup.session_id == session_id)
    ).all()
    found = {}
    for group_id, snapshot, last_seq in rows:
        if not _is_current(snapshot, last_seq):
            snapshot = _current_snapshot(group_id, sections)
        found[group_id] = _merged_snapshot(sections, snapshot)
    return found


def stored_progress(group: CreativeGroup) -> dict[str, Any]:
    """Progress from the last committed snapshot, with the document's ``seq``."""
    row = document_row(group)
    progress = progress_of(stored_snapshot(group), template_sections(group))
    return progress | {"seq": row.last_seq if row else 0}


def stored_progress_of_session(session_id: int) -> dict[int, dict[str, Any]]:
    """Every group's stored progress (with ``seq`` and ``editing_reopened``), in two queries.

    The progress column written with each commit is used as it is while it names the current
    template's sections; a group whose template changed since is recomputed from its snapshot.
    """
    sections = sections_of_sessions([session_id]).get(session_id, ())
    keys = {section.key for section in sections}
    rows = db.session.execute(
        sa.select(
            CreativeGroup.id,
            GroupDocument.last_seq,
            GroupDocument.progress,
            GroupDocument.editing_reopened,
        )
        .outerjoin(GroupDocument, GroupDocument.group_id == CreativeGroup.id)
        .where(CreativeGroup.session_id == session_id)
    ).all()
    empty = progress_of(empty_snapshot(sections), sections)
    result: dict[int, dict[str, Any]] = {}
    for group_id, last_seq, progress, reopened in rows:
        if not last_seq:
            progress = empty
        elif not progress or set(progress.get("sections") or {}) != keys:
            group = db.session.get(CreativeGroup, group_id)
            progress = progress_of(stored_snapshot(group), sections)
        result[group_id] = dict(progress) | {
            "seq": last_seq or 0,
            "editing_reopened": bool(reopened),
        }
    return result


def versions_of(group: CreativeGroup) -> Sequence[DocumentVersion]:
    """The group's recorded versions, newest first."""
    return db.session.scalars(
        sa.select(DocumentVersion)
        .where(DocumentVersion.group_id == group.id)
        .order_by(DocumentVersion.created_at.desc(), DocumentVersion.id.desc())
    ).all()
