"""A batch of co-editing updates: what waits to be written, and writing it in few statements."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from facilitator.columns import utcnow
from facilitator.extensions import db
from facilitator.realtime import documents, live_document
from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.errors import RealtimeError
from facilitator.realtime.live_document import Author, Committed
from facilitator.realtime.models import DocumentUpdate
from facilitator.realtime.updates import Section
from facilitator.sessions.phases import Phase

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Pending:
    """One update waiting for its batch, and what became of it."""

    group_id: int
    data: bytes
    author: Author
    #: The sending connection, which does not get its own update back
    sender: str | None
    #: Rights checked by the caller already (moderators); participants are checked in the batch
    checked: bool = False
    result: Committed | None = None
    #: Builds the refusal in the waiting event's own language
    refusal: Callable[[], RealtimeError] | None = None
    failure: BaseException | None = None
    #: The session's language, for the refusal's message
    language: str | None = None
    finished: bool = False
    lead: bool = False
    wake: threading.Event = field(default_factory=threading.Event)
    queued: float = field(default_factory=time.perf_counter)

    def refuse(self, make: Callable[[], RealtimeError]) -> None:
        """Record a refusal; it is built later, in the sender's context."""
        self.refusal = make


@dataclass
class LockedRow:
    """A locked document row with what the rights check needs from its group and session."""

    group_id: int
    last_seq: int
    checkpoint_seq: int
    progress: dict[str, Any]
    editing_reopened: bool
    session_id: int
    phase: Phase
    others_may_view: bool
    language: str


@dataclass
class GroupWork:
    """What one batch does to one group's document."""

    head: LockedRow
    live: live_document.LiveDocument
    sections: tuple[Section, ...]
    document: ModelDocument
    seq: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[Pending] = field(default_factory=list)


def write(works: dict[int, GroupWork]) -> None:
    """Append the batch's log rows and update each changed group's row.

    On PostgreSQL that is one statement, unless a group's log is folded into its checkpoint
    in this batch: the fold deletes log rows, so they are written before it.
    """
    changed = [work for work in works.values() if work.rows]
    if not changed:
        return
    now = utcnow()
    log_rows = [row | {"created_at": now} for work in changed for row in work.rows]
    compact_every = live_document.settings("REALTIME_COMPACT_EVERY")
    if not on_postgresql() or any(
        work.seq - work.head.checkpoint_seq >= compact_every for work in changed
    ):
        _insert_log(log_rows)
        log_rows = []
    plain: list[dict[str, Any]] = []
    encoded: dict[int, str] = {}
    for work in changed:
        snapshot = work.document.snapshot(work.sections)
        progress = work.document.progress(work.sections)
        for item in work.accepted:
            assert item.result is not None
            item.result = Committed(
                item.group_id, item.result.seq, item.data, progress, work.head.session_id
            )
        values = documents.row_values(
            work.live,
            work.head.group_id,
            work.seq,
            work.head.checkpoint_seq,
            work.document,
            snapshot,
            progress,
            work.head.phase.value,
            now,
        )
        if set(values) <= {"last_seq", "snapshot", "progress", "updated_at"}:
            plain.append({"key": work.head.group_id, **values})
            if "snapshot" in values:
                encoded[work.head.group_id] = work.document.snapshot_json(work.sections, work.seq)
        else:
            documents.update_row(work.head.group_id, values)
    if plain:
        _update_rows(plain, encoded, log_rows)
    elif log_rows:
        _insert_log(log_rows)


# On PostgreSQL a batch is written by one statement whose text never changes: the log rows
# travel as arrays, the document rows as one JSON text, and the log's INSERT runs in a WITH of
# the rows' UPDATE (one round trip, not two). One statement, because psycopg runs executemany
# in pipeline mode, whose wait spins on the always-writable socket under gevent (a fifth of the
# CPU at 150 updates/s); fixed text, because a multi-row VALUES list is compiled anew for every
# batch size.
_LOG_ROWS = (
    "SELECT * FROM unnest(CAST(:group_ids AS integer[]), CAST(:seqs AS integer[]), "
    "CAST(:datas AS bytea[]), CAST(:kinds AS varchar[]), CAST(:author_ids AS integer[]), "
    "CAST(:created AS timestamptz[]))"
)


_INSERT_LOG_TEXT = (
    "INSERT INTO document_updates (group_id, seq, data, author_kind, author_id, created_at) "
    + _LOG_ROWS
)


_UPDATE_ROWS_TEXT = (
    "UPDATE group_documents SET last_seq = given.last_seq, "
    "snapshot = COALESCE(given.snapshot, group_documents.snapshot), "
    "progress = given.progress, updated_at = given.updated_at "
    "FROM json_to_recordset(CAST(:rows AS json)) AS given "
    "(key integer, last_seq integer, snapshot json, progress json, updated_at timestamptz) "
    "WHERE group_documents.group_id = given.key"
)


_INSERT_LOG = sa.text(_INSERT_LOG_TEXT)


_UPDATE_ROWS = sa.text(_UPDATE_ROWS_TEXT)


_INSERT_LOG_AND_UPDATE_ROWS = sa.text(f"WITH logged AS ({_INSERT_LOG_TEXT}) {_UPDATE_ROWS_TEXT}")


def on_postgresql() -> bool:
    """Whether the database is PostgreSQL (one statement does more there)."""
    return db.engine.dialect.name == "postgresql"


def _insert_log(rows: list[dict[str, Any]]) -> None:
    """Append the batch's updates to the log in one statement."""
    if not on_postgresql():
        db.session.execute(sa.insert(DocumentUpdate.__table__).values(rows))
        return
    db.session.execute(_INSERT_LOG, _log_parameters(rows))


def _log_parameters(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The log rows as the arrays the log's INSERT unnests."""
    return {
        "group_ids": [row["group_id"] for row in rows],
        "seqs": [row["seq"] for row in rows],
        "datas": [row["data"] for row in rows],
        "kinds": [row["author_kind"] for row in rows],
        "author_ids": [row["author_id"] for row in rows],
        "created": [row["created_at"] for row in rows],
    }


def _update_rows(
    rows: list[dict[str, Any]], snapshots: dict[int, str], log_rows: list[dict[str, Any]]
) -> None:
    """Write several groups' rows (seq, snapshot, progress), and the log rows, in one statement.

    ``snapshots`` holds the snapshot of each row that writes one, encoded as JSON text, by group
    id (a large model's is written only now and then: documents.row_values).
    """
    if not on_postgresql():
        # SQLite has no round trips to save; the snapshot goes in as the text already encoded.
        if log_rows:
            _insert_log(log_rows)
        for row in rows:
            values = {k: v for k, v in row.items() if k != "key"}
            if "snapshot" in values:
                values["snapshot"] = sa.type_coerce(snapshots[row["key"]], sa.Text())
            documents.update_row(row["key"], values)
        return
    # One JSON text rather than arrays: psycopg quotes every element of a text array in Python,
    # which for the snapshots cost a tenth of the CPU. The snapshots come encoded section by
    # section (an unchanged section is not encoded again), unescaped: Cyrillic as \uXXXX made
    # the text three times longer and its encoding three times slower.
    given = ",".join(
        f'{{"key":{int(row["key"])},"last_seq":{int(row["last_seq"])},'
        f'"updated_at":"{row["updated_at"].isoformat()}",'
        f'"progress":{json.dumps(row["progress"], ensure_ascii=False)},'
        f'"snapshot":{snapshots.get(row["key"], "null")}}}'
        for row in rows
    )
    if log_rows:
        db.session.execute(
            _INSERT_LOG_AND_UPDATE_ROWS, {"rows": f"[{given}]", **_log_parameters(log_rows)}
        )
    else:
        db.session.execute(_UPDATE_ROWS, {"rows": f"[{given}]"})
