"""Durable group documents: the update log, checkpoints, versions and each process's cache.

The database is the source of truth. An update is committed before anyone hears of it; a
process's cached document catches up from the database by ``seq`` before it is used, so several
server processes stay correct.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from facilitator.columns import utcnow
from facilitator.extensions import db
from facilitator.realtime import locks
from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.live_document import (
    _CATCH_UP_ATTEMPTS,
    Author,
    Committed,
    Head,
    LiveDocument,
    cache,
    settings,
)
from facilitator.realtime.models import (
    DocumentUpdate,
    DocumentVersion,
    GroupDocument,
    VersionReason,
)
from facilitator.realtime.permissions import GroupRef
from facilitator.realtime.updates import (
    Section,
    UpdateRejected,
    empty_snapshot,
    progress_of,
    sections_from_dicts,
)
from facilitator.sessions.model_templates import section_dicts
from facilitator.sessions.models import CreativeGroup, ModelTemplate, TemplateSection

log = logging.getLogger(__name__)


def template_sections(group: CreativeGroup | GroupRef) -> tuple[Section, ...]:
    """The engine's view of the group's template sections (one narrow query)."""
    return sections_of_sessions([group.session_id]).get(group.session_id, ())


def sections_of_sessions(session_ids: Iterable[int]) -> dict[int, tuple[Section, ...]]:
    """The engine's view of several sessions' template sections (one query)."""
    rows = db.session.execute(
        sa.select(
            ModelTemplate.session_id,
            TemplateSection.key,
            TemplateSection.kind,
            TemplateSection.columns,
        )
        .join(ModelTemplate, TemplateSection.template_id == ModelTemplate.id)
        .where(ModelTemplate.session_id.in_(set(session_ids)))
        .order_by(ModelTemplate.session_id, TemplateSection.position)
    ).all()
    specs: dict[int, list[dict[str, Any]]] = {}
    for session_id, key, kind, columns in rows:
        specs.setdefault(session_id, []).append(
            {"key": key, "kind": getattr(kind, "value", kind), "columns": columns}
        )
    return {session_id: sections_from_dicts(found) for session_id, found in specs.items()}


def cached_sections(session_ids: Iterable[int]) -> dict[int, tuple[Section, ...]]:
    """Sessions' template sections, read from the database at most every few seconds.

    The editing path asks for them with every batch; a template changed during group work
    is seen within ``REALTIME_TEMPLATE_CACHE_SECONDS`` (open pages see it after a reload anyway).
    """
    known = cache().sections
    ttl = settings("REALTIME_TEMPLATE_CACHE_SECONDS")
    now = time.monotonic()
    found: dict[int, tuple[Section, ...]] = {}
    stale = []
    for session_id in set(session_ids):
        entry = known.get(session_id)
        if entry is not None and now - entry[0] < ttl:
            found[session_id] = entry[1]
        else:
            stale.append(session_id)
    if stale:
        loaded = sections_of_sessions(stale)
        for session_id in stale:
            found[session_id] = loaded.get(session_id, ())
            known[session_id] = (now, found[session_id])
    return found


def template_section_dicts(group: CreativeGroup) -> list[dict[str, Any]]:
    """The group's template sections for the join acknowledgement."""
    template = group.session.template
    return section_dicts(template) if template else []


def ensure_document(group: CreativeGroup | GroupRef) -> None:
    """Create the group's document row the first time anyone opens it."""
    stored = cache().stored
    if group.id in stored:
        return
    exists = db.session.scalar(
        sa.select(GroupDocument.group_id).where(GroupDocument.group_id == group.id)
    )
    if exists is not None:
        stored.add(group.id)
        return
    group_id = group.id
    sections = template_sections(group)
    snapshot = empty_snapshot(sections)
    with locks.holding([group_id]):
        db.session.add(
            GroupDocument(
                group_id=group_id, snapshot=snapshot, progress=progress_of(snapshot, sections)
            )
        )
        try:
            db.session.commit()
        except IntegrityError:
            # Another process (or green thread) created it first.
            db.session.rollback()
    stored.add(group_id)


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


def _head(group_id: int, lock: bool = False) -> Head:
    """The row's sequence numbers and progress, without the large columns; lock it if asked."""
    if lock and db.engine.dialect.name == "sqlite":
        # As in _lock_row: writing first takes SQLite's write lock before anything is read.
        db.session.execute(
            sa.update(GroupDocument.__table__)
            .where(GroupDocument.group_id == group_id)
            .values(last_seq=GroupDocument.last_seq)
        )
    query = sa.select(
        GroupDocument.last_seq, GroupDocument.checkpoint_seq, GroupDocument.progress
    ).where(GroupDocument.group_id == group_id)
    last_seq, checkpoint_seq, progress = db.session.execute(
        query.with_for_update() if lock else query
    ).one()
    return Head(last_seq, checkpoint_seq, progress or {})


def catch_up(live: LiveDocument, group_id: int, head: Head | GroupDocument | None = None) -> None:
    """Bring the cached document up to the database's last committed ``seq``."""
    for _attempt in range(_CATCH_UP_ATTEMPTS):
        head = head or _head(group_id)
        if head.last_seq == live.seq and head.checkpoint_seq <= live.seq:
            return  # nothing committed since this process last looked
        if head.checkpoint_seq > live.seq:
            # The checkpoint holds everything up to its seq, base state included.
            checkpoint, checkpoint_seq = db.session.execute(
                sa.select(GroupDocument.checkpoint, GroupDocument.checkpoint_seq).where(
                    GroupDocument.group_id == group_id
                )
            ).one()
            live.document.apply(checkpoint)
            live.seq = checkpoint_seq
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
        head = None
    raise RuntimeError(f"could not catch up with group {group_id}'s document")


@contextmanager
def locked_live(group_id: int) -> Iterator[LiveDocument]:
    """This process's document of the group, caught up and guarded against its other users."""
    documents = cache()
    with locks.holding([group_id]):
        live = documents.live(group_id)
        try:
            catch_up(live, group_id)
        except Exception:
            documents.forget(group_id)
            raise
        yield live


def read_for_join(
    group: CreativeGroup | GroupRef, state_vector: bytes | None
) -> tuple[bytes, bytes, int]:
    """What a joining client lacks, the server's state vector and its ``seq``.

    The row's ``seq`` is read before the group's lock; under the lock the database is read
    again only when this process's copy is behind it. So a join storm waits for the lock with
    no connection in hand and, mostly, holds the lock only for the diff.
    """
    ensure_document(group)
    group_id = group.id
    head = _head(group_id)
    documents = cache()
    with locks.holding([group_id]):
        live = documents.live(group_id)
        if live.seq < head.last_seq or head.checkpoint_seq > live.seq:
            try:
                catch_up(live, group_id, head)
            except Exception:
                documents.forget(group_id)
                raise
        return live.document.diff(state_vector), live.document.state_vector(), live.seq


def append_update(
    group: CreativeGroup | GroupRef,
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
    group_id, session_id, phase = group.id, group.session_id, _phase(group)
    # locks.holding ends the reading transaction before it waits for the group's lock. The
    # ORM objects expire there, so only the values read above are used from now on.
    documents = cache()
    with locks.holding([group_id]):
        live = documents.live(group_id)
        try:
            head = _head(group_id, lock=True)
            catch_up(live, group_id, head)
            if make_update is not None:
                data = make_update(live.document, sections)
                if not data:
                    db.session.rollback()
                    return Committed(group_id, live.seq, None, dict(head.progress), session_id)
            prepared = live.document.prepare(
                data, sections, settings("REALTIME_MAX_DOCUMENT_BYTES"), in_place=True
            )
            if not prepared.changed:
                db.session.rollback()
                return Committed(group_id, live.seq, None, dict(head.progress), session_id)
            seq = head.last_seq + 1
            now = utcnow()
            # Core statements: the ORM's unit of work costs more than the two writes.
            db.session.execute(
                sa.insert(DocumentUpdate.__table__).values(
                    group_id=group_id,
                    seq=seq,
                    data=data,
                    author_kind=author.kind,
                    author_id=author.id,
                    created_at=now,
                )
            )
            snapshot = prepared.document.snapshot(sections)
            progress = prepared.document.progress(sections)
            values = row_values(
                live,
                group_id,
                seq,
                head.checkpoint_seq,
                prepared.document,
                snapshot,
                progress,
                phase,
                now,
                version_reason,
                version_author_id,
            )
            update_row(group_id, values)
            db.session.commit()
        except UpdateRejected:
            db.session.rollback()
            raise
        except Exception:
            db.session.rollback()
            documents.forget(group_id)
            raise
        live.document = prepared.document
        live.seq = seq
        return Committed(group_id, seq, data, progress, session_id)


def row_values(
    live: LiveDocument,
    group_id: int,
    seq: int,
    checkpoint_seq: int,
    document: ModelDocument,
    snapshot: dict[str, Any],
    progress: dict[str, Any],
    phase: str,
    now: dt.datetime,
    version_reason: VersionReason | None = None,
    version_author_id: int | None = None,
) -> dict[str, Any]:
    """The row's new columns after an append up to ``seq``; record a version or fold if due."""
    values: dict[str, Any] = {"last_seq": seq, "progress": progress, "updated_at": now}
    reason = version_reason or _interval_due(live, group_id, now)
    if reason is not None:
        _add_version(group_id, seq, document, snapshot, reason, phase, version_author_id)
        live.interval_since = now
    folding = seq - checkpoint_seq >= settings("REALTIME_COMPACT_EVERY")
    if folding:
        values |= _fold(group_id, document, seq)
    if folding or reason is not None or _snapshot_due(live, document):
        values["snapshot"] = snapshot | {"seq": seq}
        live.snapshot_at = time.monotonic()
    return values


def _snapshot_due(live: LiveDocument, document: ModelDocument) -> bool:
    """Whether this commit writes the snapshot column too.

    A small model's snapshot goes with every commit. A large one's is written at most every
    REALTIME_SNAPSHOT_EVERY_SECONDS: rewriting 500 kB of JSON per keystroke made each edit cost
    the database in proportion to the model. Readers find a stale column by its ``seq`` and
    read the document itself (``stored_snapshot``), so what they get is always current.
    """
    size = document.size_bound()
    if size is not None and size <= settings("REALTIME_SNAPSHOT_SMALL_BYTES"):
        return True
    return time.monotonic() - live.snapshot_at >= settings("REALTIME_SNAPSHOT_EVERY_SECONDS")


def update_row(group_id: int, values: dict[str, Any]) -> None:
    """Write a group's document row (one Core UPDATE)."""
    db.session.execute(
        sa.update(GroupDocument.__table__)
        .where(GroupDocument.group_id == group_id)
        .values(**values)
    )


def _phase(group: CreativeGroup | GroupRef) -> str:
    """The session phase of a group (a GroupRef carries it, a CreativeGroup has its session)."""
    return (group.phase if isinstance(group, GroupRef) else group.session.phase).value


def _interval_due(live: LiveDocument, group_id: int, now: dt.datetime) -> VersionReason | None:
    """An interval version is due when the last one is older than the interval."""
    interval = dt.timedelta(seconds=settings("REALTIME_VERSION_INTERVAL_SECONDS"))
    # The cached start is never later than the real one (versions are only added, and the
    # oldest update only gets younger), so "not due" by the cache is "not due" indeed.
    if live.interval_since is not None and now - live.interval_since < interval:
        return None
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
    live.interval_since = last
    return VersionReason.interval if now - last >= interval else None


def _add_version(
    group_id: int,
    seq: int,
    document: ModelDocument,
    snapshot: dict[str, Any],
    reason: VersionReason,
    phase: str,
    author_id: int | None = None,
) -> DocumentVersion:
    version = DocumentVersion(
        group_id=group_id,
        seq=seq,
        state=document.encode_state(),
        snapshot=snapshot,
        reason=reason,
        phase=phase,
        author_id=author_id,
    )
    db.session.add(version)
    log.info("Version %s of group %s recorded at seq %s", reason, group_id, seq)
    return version


def _fold(group_id: int, document: ModelDocument, seq: int) -> dict[str, Any]:
    """Fold the log up to ``seq`` into the checkpoint: the full state, base included.

    Deletes the folded rows and returns the row's new checkpoint columns.
    """
    db.session.execute(
        sa.delete(DocumentUpdate)
        .where(DocumentUpdate.group_id == group_id, DocumentUpdate.seq <= seq)
        .execution_options(synchronize_session=False)
    )
    log.info("Document of group %s compacted at seq %s", group_id, seq)
    return {"checkpoint": document.encode_state(), "checkpoint_seq": seq}
