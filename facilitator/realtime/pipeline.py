"""Group commit: every `update` waiting in this process goes to the database in one transaction.

The first waiting event leads a batch: it locks the batch's document rows in one statement
(which also reads each session's phase), checks each participant's right to edit against that
state, validates each update on the cached document, broadcasts the accepted ones (their ``seq``
is fixed under the row lock, so it is the one the log gets), writes the log and the rows and
commits once. Only then is each sender acknowledged: an acknowledged edit is durable. Events
that arrive meanwhile queue up; the first of them leads the next batch.

Broadcasting before the commit takes the database's fsync off the path from one member's
keystroke to the others' screens. If the commit fails, the senders are told so and resend; the
members who already have the update keep it, and the state-vector exchange of their next `join`
hands it back to the server. No client ever holds less than the log.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from flask import current_app

from facilitator import cooperative
from facilitator.extensions import db
from facilitator.realtime import broadcast, documents, errors, live_document, locks, permissions
from facilitator.realtime.batch import GroupWork, LockedRow, Pending, on_postgresql, write
from facilitator.realtime.errors import RealtimeError
from facilitator.realtime.live_document import Committed
from facilitator.realtime.models import GroupDocument
from facilitator.realtime.updates import UpdateRejected
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import Phase
from facilitator.signals import batch_committed

log = logging.getLogger(__name__)

#: Updates one transaction takes at most; the rest wait for the next batch
MAX_BATCH = 256
#: Batches under way at once: one taking and broadcasting its items, the others committing
MAX_RUNNING = 2


class UpdatePipeline:
    """The queue of one process's waiting updates; its callers take turns leading a batch.

    A batch leads from taking its items until it has broadcast them; then the next one may
    start while it writes and commits, so the fsync is not on the next batch's path either.
    The next batch takes only updates of groups no running batch holds: the others wait, in
    order, for a later one. At most ``max_running`` batches are under way at once.
    """

    def __init__(self, max_batch: int = MAX_BATCH, max_running: int = MAX_RUNNING) -> None:
        self._guard = threading.Lock()
        self._queue: list[Pending] = []
        #: Whether a batch is between taking its items and broadcasting them
        self._leading = False
        self._running = 0
        #: Groups whose updates a running batch holds
        self._busy: set[int] = set()
        self.max_batch = max_batch
        self.max_running = max_running
        #: Batches led so far (for tests and benchmarks)
        self.batches = 0

    def submit(self, item: Pending) -> Pending:
        """Queue an update and return once its batch has committed (or refused it)."""
        with self._guard:
            self._queue.append(item)
            self._offer_lead()
        while not item.finished:
            if item.lead:
                self._lead()
            else:
                try:
                    item.wake.wait()
                except BaseException:
                    self._abandon(item)
                    raise
                item.wake.clear()
        return item

    def _lead(self) -> None:
        with self._guard:
            batch = self._take()
            groups = {item.group_id for item in batch}
            self._busy |= groups
            self.batches += 1
            self._running += 1
        leading = True

        def release_lead() -> None:
            nonlocal leading
            with self._guard:
                if leading:
                    leading = self._leading = False
                    self._offer_lead()

        try:
            run_batch(batch, broadcast_done=release_lead)
        except Exception as error:
            log.exception("A batch of %s updates failed", len(batch))
            for item in batch:
                if not item.finished:
                    item.failure = error
        finally:
            for item in batch:
                item.finished = True
                item.lead = False
                item.wake.set()
            with self._guard:
                self._running -= 1
                self._busy -= groups
                if leading:
                    leading = self._leading = False
                self._offer_lead()

    def _take(self) -> list[Pending]:
        # Called with the guard held. Updates of a group a running batch holds stay queued.
        taken: list[Pending] = []
        kept: list[Pending] = []
        for item in self._queue:
            if item.group_id in self._busy or len(taken) >= self.max_batch:
                kept.append(item)
            else:
                taken.append(item)
        self._queue = kept
        return taken

    def _offer_lead(self) -> None:
        # Called with the guard held: the first update the next batch would take leads it.
        if self._leading or self._running >= self.max_running:
            return
        successor = next((item for item in self._queue if item.group_id not in self._busy), None)
        if successor is not None:
            self._leading = successor.lead = True
            successor.wake.set()

    def _abandon(self, item: Pending) -> None:
        # A waiter killed while queued must neither stay queued nor keep the lead it was given.
        with self._guard:
            if item in self._queue:
                self._queue.remove(item)
            if item.lead and not item.finished:
                item.lead = False
                self._leading = False
                self._offer_lead()


# --- one batch -----------------------------------------------------------------------------


def run_batch(batch: list[Pending], broadcast_done: Callable[[], None] | None = None) -> None:
    """Check, validate, broadcast and commit a batch of updates; record each one's outcome.

    ``broadcast_done`` is called once the accepted updates have gone out, before the writes.
    """
    group_ids = sorted({item.group_id for item in batch})
    cache = live_document.cache()
    # The groups' locks before a connection (locks.py); the row locks below then see the
    # latest commits, as the transaction begins after them.
    with locks.holding(group_ids):
        try:
            heads, members = _lock_heads(group_ids, _authors(batch))
            works = _check_and_validate(batch, heads, members)
            for item in batch:
                if item.result is not None and item.result.update is not None:
                    broadcast.update(item.result, item.sender)
            if broadcast_done is not None:
                broadcast_done()
                # The next batch's leader, and the events that arrived meanwhile, run now rather
                # than after this batch's snapshots: those are the rest of a block of CPU that
                # reached 20-45 ms under load with large batches.
                cooperative.pause()
            writing = time.perf_counter()
            write(works)
            db.session.commit()
        except Exception:
            db.session.rollback()
            for group_id in group_ids:
                cache.forget(group_id)
            raise
        for work in works.values():
            if work.accepted:
                work.live.document = work.document
                work.live.seq = work.seq
    batch_committed.send(batch, seconds=time.perf_counter() - writing)
    for work in works.values():
        if work.accepted:
            final = work.accepted[-1].result
            assert final is not None
            if final.progress != work.head.progress:
                broadcast.progress(final)


def _lock_heads(
    group_ids: list[int], authors: set[int]
) -> tuple[dict[int, LockedRow], dict[int, int | None]]:
    """Lock the batch's document rows, in group order, with their groups' phase and language.

    Also returns the current group of each participant in ``authors`` (those who exist).
    """
    if on_postgresql():
        rows = db.session.execute(
            _LOCK_HEADS, {"groups": group_ids, "authors": sorted(authors)}
        ).all()
        found = (rows[0][9] if rows else None) or []
        members = {person: group for person, group in found}
    else:
        rows = _lock_rows_on_sqlite(group_ids)
        members = _members(authors) if authors else {}
    heads = {
        row[0]: LockedRow(*row[:3], row[3] or {}, row[4], row[5], Phase(row[6]), *row[7:9])
        for row in rows
    }
    return heads, members


# On PostgreSQL the lock is one statement of fixed text: the ids travel as arrays, so nothing
# is compiled or given a cache key per batch (building a SELECT with IN lists cost a tenth of
# the batch), and the authors' current groups ride along as one JSON value (computed once,
# repeated per row) instead of a round trip of their own.
_LOCK_HEADS = sa.text(
    "SELECT d.group_id, d.last_seq, d.checkpoint_seq, d.progress, d.editing_reopened, "
    "g.session_id, s.phase, s.others_may_view_models, s.language, "
    "(SELECT json_agg(json_build_array(p.id, p.group_id)) FROM participants AS p "
    "WHERE p.id = ANY(CAST(:authors AS integer[]))) "
    "FROM group_documents AS d "
    "JOIN creative_groups AS g ON g.id = d.group_id "
    "JOIN design_sessions AS s ON s.id = g.session_id "
    "WHERE d.group_id = ANY(CAST(:groups AS integer[])) "
    "ORDER BY d.group_id FOR UPDATE OF d"
)


def _lock_rows_on_sqlite(group_ids: list[int]) -> list[sa.Row[Any]]:
    """The rows _lock_heads reads, on SQLite: its write lock is taken by writing first."""
    table = GroupDocument.__table__
    # SQLite ignores FOR UPDATE; writing first takes its write lock before anything is read.
    db.session.execute(
        sa.update(table).where(table.c.group_id.in_(group_ids)).values(last_seq=table.c.last_seq)
    )
    groups, sessions = CreativeGroup.__table__.c, DesignSession.__table__.c
    return db.session.execute(
        sa.select(
            table.c.group_id,
            table.c.last_seq,
            table.c.checkpoint_seq,
            table.c.progress,
            table.c.editing_reopened,
            groups.session_id,
            sessions.phase,
            sessions.others_may_view_models,
            sessions.language,
        )
        .select_from(table)
        .join(CreativeGroup.__table__, groups.id == table.c.group_id)
        .join(DesignSession.__table__, sessions.id == groups.session_id)
        .where(table.c.group_id.in_(group_ids))
        .order_by(table.c.group_id)
    ).all()


def _authors(batch: Iterable[Pending]) -> set[int]:
    """The participants whose rights the batch checks."""
    return {
        item.author.id
        for item in batch
        if not item.checked and item.author.kind == permissions.PARTICIPANT and item.author.id
    }


def _members(people: set[int]) -> dict[int, int | None]:
    """The current group of each given participant (those who exist), in a query of its own."""
    columns = Participant.__table__.c
    rows = db.session.execute(
        sa.select(columns.id, columns.group_id).where(columns.id.in_(people))
    ).all()
    return dict(rows)  # type: ignore[arg-type]


def _refusal_of_rights(
    item: Pending, head: LockedRow, members: dict[int, int | None]
) -> Callable[[], RealtimeError] | None:
    """Why the item's author may not edit the group now; None when they may."""
    detail = f"{item.author.kind} {item.author.id} on group {item.group_id}"
    if item.author.kind != permissions.PARTICIPANT or item.author.id not in members:
        return functools.partial(errors.forbidden, detail)
    is_member = members[item.author.id] == item.group_id
    decision = permissions.decide(
        permissions.PARTICIPANT,
        is_member,
        head.phase,
        head.others_may_view,
        is_member and head.editing_reopened,
    )
    if decision is None:
        return functools.partial(errors.forbidden, detail)
    role, reason = decision
    if role == permissions.EDITOR:
        return None
    if reason == permissions.WORK_OVER:
        return functools.partial(errors.read_only, detail)
    return functools.partial(errors.viewer_cannot_edit, detail)


def _check_and_validate(
    batch: list[Pending], heads: dict[int, LockedRow], members: dict[int, int | None]
) -> dict[int, GroupWork]:
    """Decide each item in arrival order: refused, unchanged, or accepted with its ``seq``."""
    connections = current_app.extensions["facilitator_realtime"].connections
    sections = documents.cached_sections({head.session_id for head in heads.values()})
    max_bytes = live_document.settings("REALTIME_MAX_DOCUMENT_BYTES")
    works: dict[int, GroupWork] = {}
    for item in batch:
        head = heads.get(item.group_id)
        if head is None:
            item.refuse(functools.partial(errors.group_not_found, f"group {item.group_id}"))
            continue
        item.language = head.language
        if not item.checked:
            refusal = _refusal_of_rights(item, head, members)
            if refusal is not None:
                item.refuse(refusal)
                continue
            if item.sender is not None:
                connections.confirm(item.sender, item.group_id)
        work = works.get(item.group_id)
        if work is None:
            live = live_document.cache().live(item.group_id)
            documents.catch_up(live, item.group_id, head)
            work = works[item.group_id] = GroupWork(
                head, live, sections.get(head.session_id, ()), live.document, head.last_seq
            )
        try:
            prepared = work.document.prepare(item.data, work.sections, max_bytes, in_place=True)
        except UpdateRejected as rejected:
            item.refuse(_rejection(rejected, max_bytes))
            continue
        if not prepared.changed:
            item.result = Committed(
                item.group_id, work.seq, None, dict(head.progress), head.session_id
            )
            continue
        work.seq += 1
        work.document = prepared.document
        work.rows.append(
            {
                "group_id": item.group_id,
                "seq": work.seq,
                "data": item.data,
                "author_kind": item.author.kind,
                "author_id": item.author.id,
            }
        )
        work.accepted.append(item)
        # progress is filled in by write, once per group
        item.result = Committed(item.group_id, work.seq, item.data, {}, head.session_id)
    return works


def _rejection(rejected: UpdateRejected, max_bytes: int) -> Callable[[], RealtimeError]:
    if rejected.code == "too_large":
        return functools.partial(errors.document_too_large, max_bytes, rejected.detail)
    return functools.partial(errors.invalid_update, rejected.detail)
