"""Durable group documents: the update log, checkpoints, versions and each process's cache.

The database is the source of truth. An update is committed before anyone hears of it; a
process's cached document catches up from the database by ``seq`` before it is used, so several
server processes stay correct.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from facilitator.accounts.models import utcnow
from facilitator.extensions import db
from facilitator.realtime.engine import (
    ModelDocument,
    Section,
    UpdateRejected,
    empty_snapshot,
    progress_of,
    sections_from_dicts,
)
from facilitator.realtime.models import (
    DocumentUpdate,
    DocumentVersion,
    GroupDocument,
    VersionReason,
)
from facilitator.sessions.model_templates import section_dicts
from facilitator.sessions.models import CreativeGroup

log = logging.getLogger(__name__)

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


@dataclass
class LiveDocument:
    """A process's copy of a group's document and the last ``seq`` it includes."""

    document: ModelDocument = field(default_factory=ModelDocument)
    seq: int = 0


class DocumentCache:
    """The live documents of one app in this process, with the locks that guard them."""

    def __init__(self, serialise_all: bool) -> None:
        self._documents: dict[int, LiveDocument] = {}
        self._locks: dict[int, threading.Lock] = {}
        self._guard = threading.Lock()
        # SQLite has one writer at a time; a green thread waiting in its busy handler would
        # block the whole process, including the writer it waits for. So on SQLite the
        # process takes turns itself.
        self._global = threading.Lock() if serialise_all else None

    def live(self, group_id: int) -> LiveDocument:
        """The cached document of a group (empty until it catches up)."""
        with self._guard:
            return self._documents.setdefault(group_id, LiveDocument())

    def lock(self, group_id: int) -> threading.Lock:
        """The lock that serialises this process's work on one group's document."""
        if self._global is not None:
            return self._global
        with self._guard:
            return self._locks.setdefault(group_id, threading.Lock())

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


def template_sections(group: CreativeGroup) -> tuple[Section, ...]:
    """The engine's view of the group's template sections."""
    template = group.session.template
    return sections_from_dicts(section_dicts(template)) if template else ()


def template_section_dicts(group: CreativeGroup) -> list[dict[str, Any]]:
    """The group's template sections for the join acknowledgement."""
    template = group.session.template
    return section_dicts(template) if template else []


def ensure_document(group: CreativeGroup) -> None:
    """Create the group's document row the first time anyone opens it."""
    if db.session.get(GroupDocument, group.id) is not None:
        return
    sections = template_sections(group)
    snapshot = empty_snapshot(sections)
    with cache().lock(group.id):
        db.session.add(
            GroupDocument(
                group_id=group.id, snapshot=snapshot, progress=progress_of(snapshot, sections)
            )
        )
        try:
            db.session.commit()
        except IntegrityError:
            # Another process (or green thread) created it first.
            db.session.rollback()


def _lock_row(group_id: int) -> GroupDocument:
    """Lock the group's document row for the rest of the transaction."""
    if db.engine.dialect.name == "sqlite":
        # SQLite ignores FOR UPDATE; writing first takes the database's write lock before
        # anything is read, so what follows reads the latest committed state.
        db.session.execute(
            sa.update(GroupDocument)
            .where(GroupDocument.group_id == group_id)
            .values(last_seq=GroupDocument.last_seq)
            .execution_options(synchronize_session=False)
        )
    return db.session.scalars(
        sa.select(GroupDocument)
        .where(GroupDocument.group_id == group_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _fresh_row(group_id: int) -> GroupDocument:
    return db.session.scalars(
        sa.select(GroupDocument)
        .where(GroupDocument.group_id == group_id)
        .execution_options(populate_existing=True)
    ).one()


def catch_up(live: LiveDocument, group_id: int, row: GroupDocument | None = None) -> None:
    """Bring the cached document up to the database's last committed ``seq``."""
    for _attempt in range(_CATCH_UP_ATTEMPTS):
        row = row or _fresh_row(group_id)
        if row.checkpoint_seq > live.seq:
            # The checkpoint holds everything up to its seq, base state included.
            live.document.apply(row.checkpoint)
            live.seq = row.checkpoint_seq
        updates = db.session.execute(
            sa.select(DocumentUpdate.seq, DocumentUpdate.data)
            .where(DocumentUpdate.group_id == group_id, DocumentUpdate.seq > live.seq)
            .order_by(DocumentUpdate.seq)
        ).all()
        contiguous = True
        for seq, data in updates:
            if seq != live.seq + 1:
                contiguous = False  # compacted meanwhile: read the new checkpoint
                break
            live.document.apply(data)
            live.seq = seq
        if contiguous:
            return
        row = None
    raise RuntimeError(f"could not catch up with group {group_id}'s document")


@contextmanager
def locked_live(group_id: int) -> Iterator[LiveDocument]:
    """This process's document of the group, caught up and guarded against its other users."""
    documents = cache()
    with documents.lock(group_id):
        live = documents.live(group_id)
        try:
            catch_up(live, group_id)
        except Exception:
            documents.forget(group_id)
            raise
        yield live


def read_for_join(group: CreativeGroup, state_vector: bytes | None) -> tuple[bytes, bytes, int]:
    """What a joining client lacks, the server's state vector and its ``seq``."""
    ensure_document(group)
    with locked_live(group.id) as live:
        return live.document.diff(state_vector), live.document.state_vector(), live.seq


def append_update(
    group: CreativeGroup,
    data: bytes,
    author: Author,
    *,
    make_update: Any = None,
    version_reason: VersionReason | None = None,
    version_author_id: int | None = None,
) -> Committed:
    """Validate, log and commit one update under the group's row lock; then cache it.

    ``make_update(document, sections)`` may compute the update from the locked, caught-up
    document instead (restores do); ``version_reason`` records a version of the result in the
    same transaction. An update that changes nothing is acknowledged and not stored.
    """
    ensure_document(group)
    sections = template_sections(group)
    documents = cache()
    with documents.lock(group.id):
        live = documents.live(group.id)
        try:
            row = _lock_row(group.id)
            catch_up(live, group.id, row)
            if make_update is not None:
                data = make_update(live.document, sections)
                if not data:
                    progress = dict(row.progress)
                    db.session.rollback()
                    return Committed(group.id, live.seq, None, progress)
            prepared = live.document.prepare(
                data, sections, settings("REALTIME_MAX_DOCUMENT_BYTES")
            )
            if not prepared.changed:
                progress = dict(row.progress)
                db.session.rollback()
                return Committed(group.id, live.seq, None, progress)
            seq = row.last_seq + 1
            db.session.add(
                DocumentUpdate(
                    group_id=group.id,
                    seq=seq,
                    data=data,
                    author_kind=author.kind,
                    author_id=author.id,
                )
            )
            now = utcnow()
            snapshot = prepared.document.snapshot(sections)
            progress = progress_of(snapshot, sections)
            row.last_seq = seq
            row.snapshot = snapshot
            row.progress = progress
            row.updated_at = now
            reason = version_reason or _interval_due(group.id, now)
            if reason is not None:
                _add_version(row, prepared.document, snapshot, reason, group, version_author_id)
            if seq - row.checkpoint_seq >= settings("REALTIME_COMPACT_EVERY"):
                _fold(row, prepared.document, seq)
            db.session.commit()
        except UpdateRejected:
            db.session.rollback()
            raise
        except Exception:
            db.session.rollback()
            documents.forget(group.id)
            raise
        live.document = prepared.document
        live.seq = seq
        return Committed(group.id, seq, data, progress)


def _interval_due(group_id: int, now: dt.datetime) -> VersionReason | None:
    """An interval version is due when the last one is older than the interval."""
    last = db.session.scalar(
        sa.select(sa.func.max(DocumentVersion.created_at)).where(
            DocumentVersion.group_id == group_id
        )
    )
    if last is None:
        first = db.session.scalar(
            sa.select(sa.func.min(DocumentUpdate.created_at)).where(
                DocumentUpdate.group_id == group_id
            )
        )
        last = first or now
    if last.tzinfo is None:  # SQLite hands back naive datetimes
        last = last.replace(tzinfo=dt.UTC)
    interval = dt.timedelta(seconds=settings("REALTIME_VERSION_INTERVAL_SECONDS"))
    return VersionReason.interval if now - last >= interval else None


def _add_version(
    row: GroupDocument,
    document: ModelDocument,
    snapshot: dict[str, Any],
    reason: VersionReason,
    group: CreativeGroup,
    author_id: int | None = None,
) -> DocumentVersion:
    version = DocumentVersion(
        group_id=row.group_id,
        seq=row.last_seq,
        state=document.encode_state(),
        snapshot=snapshot,
        reason=reason,
        phase=group.session.phase.value,
        author_id=author_id,
    )
    db.session.add(version)
    log.info("Version %s of group %s recorded at seq %s", reason, row.group_id, row.last_seq)
    return version


def _fold(row: GroupDocument, document: ModelDocument, seq: int) -> None:
    """Fold the log up to ``seq`` into the checkpoint: the full state, base included."""
    row.checkpoint = document.encode_state()
    row.checkpoint_seq = seq
    db.session.execute(
        sa.delete(DocumentUpdate)
        .where(DocumentUpdate.group_id == row.group_id, DocumentUpdate.seq <= seq)
        .execution_options(synchronize_session=False)
    )
    log.info("Document of group %s compacted at seq %s", row.group_id, seq)


def compact(group: CreativeGroup) -> int:
    """Fold the whole log of the group into its checkpoint now; return the checkpoint's seq."""
    ensure_document(group)
    documents = cache()
    with documents.lock(group.id):
        live = documents.live(group.id)
        try:
            row = _lock_row(group.id)
            catch_up(live, group.id, row)
            if row.last_seq > row.checkpoint_seq:
                _fold(row, live.document, row.last_seq)
            db.session.commit()
        except Exception:
            db.session.rollback()
            documents.forget(group.id)
            raise
        return row.checkpoint_seq


def record_version(
    group: CreativeGroup, reason: VersionReason, *, only_if_changed: bool = True
) -> DocumentVersion | None:
    """Record the group's current state as a version; skip it when nothing changed since."""
    ensure_document(group)
    sections = template_sections(group)
    documents = cache()
    with documents.lock(group.id):
        live = documents.live(group.id)
        try:
            row = _lock_row(group.id)
            catch_up(live, group.id, row)
            latest = db.session.scalar(
                sa.select(sa.func.max(DocumentVersion.seq)).where(
                    DocumentVersion.group_id == group.id
                )
            )
            if row.last_seq == 0 or (only_if_changed and latest == row.last_seq):
                db.session.rollback()
                return None
            snapshot = live.document.snapshot(sections)
            version = _add_version(row, live.document, snapshot, reason, group)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        return version


def set_editing_reopened(group: CreativeGroup, value: bool) -> None:
    """Store whether the group's members may edit after group work."""
    ensure_document(group)
    with cache().lock(group.id):
        try:
            _lock_row(group.id).editing_reopened = value
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise


def document_row(group: CreativeGroup) -> GroupDocument | None:
    """The group's document row, if anyone ever opened the model."""
    return db.session.get(GroupDocument, group.id)


def stored_snapshot(group: CreativeGroup) -> dict[str, Any]:
    """The last committed snapshot, with every current template section present."""
    sections = template_sections(group)
    row = document_row(group)
    stored = (row.snapshot if row else {}).get("sections") or {}
    empty = empty_snapshot(sections)["sections"]
    merged = {}
    for section in sections:
        part = stored.get(section.key)
        merged[section.key] = (
            part if part and part.get("kind") == section.kind else empty[section.key]
        )
    return {"sections": merged}


def stored_progress(group: CreativeGroup) -> dict[str, Any]:
    """Progress from the last committed snapshot, with the document's ``seq``."""
    row = document_row(group)
    progress = progress_of(stored_snapshot(group), template_sections(group))
    return progress | {"seq": row.last_seq if row else 0}


def versions_of(group: CreativeGroup) -> Sequence[DocumentVersion]:
    """The group's recorded versions, newest first."""
    return db.session.scalars(
        sa.select(DocumentVersion)
        .where(DocumentVersion.group_id == group.id)
        .order_by(DocumentVersion.created_at.desc(), DocumentVersion.id.desc())
    ).all()
