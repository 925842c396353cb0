"""The shared-document engine: pure pycrdt, no Flask.

A group's interaction model is one Yjs document with a root type per template section:
``text:<key>`` is a ``Y.Text``; ``table:<key>`` is a ``Y.Array`` of ``Y.Map`` rows whose cells are
``Y.Text``, shown in the order of the rows' ``order`` keys (``row_order``).

Root types rather than one ``Y.Map`` of sections because two clients creating the
same map key at once keep only one of the two values, silently dropping what was typed into the
other; same-named root types always merge.
"""

from __future__ import annotations

import functools
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pycrdt import Array, Doc, Snapshot, Text

from facilitator.realtime.tables import TableState, sync_table
from facilitator.realtime.updates import (
    _NON_TEXT_CONTENTS,
    TABLE,
    TEXT,
    Section,
    UpdateRejected,
    _mark_changed,
    adds_structs,
    check_pairs,
    decode_state_vector,
    inspect_update,
)
from facilitator.realtime.yupdate import (
    MalformedUpdate,
    UpdateInfo,
    merge_pairs,
    missing_dependencies,
    note_pairs_of,
)


@dataclass
class Prepared:
    """An update checked and applied (to a copy, or in place), ready to be adopted."""

    document: ModelDocument
    update: bytes
    changed: bool
    size: int


#: Updates a document keeps to undo a refused one before folding them into one state
HISTORY_FOLD_AFTER = 64


def _is_panic(error: BaseException) -> bool:
    # pyo3 turns Rust panics into PanicException, which derives from BaseException.
    return type(error).__name__ == "PanicException"


@dataclass
class _Part:
    """A text section's part of the last snapshot, whether it is filled, and its JSON."""

    value: dict[str, Any]
    filled: bool
    encoded: str | None = None


class ModelDocument:
    """A group's Yjs document with the operations the server needs."""

    def __init__(self, state: bytes | None = None, client_id: int | None = None) -> None:
        self.doc: Doc = Doc(client_id=client_id)
        if state:
            self.doc.apply_update(state)
        #: Updates whose application, in order, rebuilds this document (to undo a refused one)
        self._history: list[bytes] = [state] if state else []
        #: The encoded size, or an upper bound of it (None: not known)
        self._size: int | None = len(state) if state else 0
        #: Each text section's last snapshot part, by root name, and the roots changed since
        self._parts: dict[str, _Part] = {}
        self._changed: set[str] = set()
        self._watching: list[Any] = []
        #: Each table section's rows, following the document's events, by root name
        self._tables: dict[str, TableState] = {}
        #: Where the document's two-unit characters start, by client (see check_pairs)
        self._pairs: dict[int, set[int]] = {}
        if state:
            note_pairs_of(state, self._pairs)

    def copy(self) -> ModelDocument:
        """An independent document with the same content and a fresh client id."""
        return ModelDocument(self.encode_state())

    def encode_state(self) -> bytes:
        """The whole document as one v1 update."""
        return self.doc.get_update()

    def state_vector(self) -> bytes:
        """The encoded state vector."""
        return self.doc.get_state()

    def diff(self, state_vector: bytes | None) -> bytes:
        """What a peer with this state vector lacks, as a v1 update."""
        if not state_vector:
            return self.encode_state()
        try:
            decode_state_vector(state_vector)
            return self.doc.get_update(state_vector)
        except (ValueError, MalformedUpdate) as error:
            raise ValueError("not a state vector") from error

    def fingerprint(self) -> bytes:
        """State vector plus delete set: equal fingerprints mean equal content."""
        return Snapshot.from_doc(self.doc).encode()

    def apply(self, update: bytes) -> None:
        """Apply an update that was validated before (from the log or the checkpoint)."""
        self.doc.apply_update(update)
        self._remember(update)
        note_pairs_of(update, self._pairs)
        if self._size is not None:
            self._size += len(update)

    def _remember(self, update: bytes) -> None:
        self._history.append(update)
        # Folding the history into one state now and then keeps a rebuild short; doing it
        # for every update cost as much as applying the update.
        if len(self._history) > HISTORY_FOLD_AFTER:
            self._history = [self.encode_state()]

    def _rebuild(self) -> None:
        """Rebuild the document from its history, dropping whatever was applied since."""
        self.doc = Doc(client_id=self.doc.client_id)
        for update in self._history:
            self.doc.apply_update(update)
        self._forget_parts()

    def prepare(
        self,
        update: bytes,
        sections: Sequence[Section],
        max_document_bytes: int | None = None,
        *,
        in_place: bool = False,
    ) -> Prepared:
        """Validate an update and apply it; raise UpdateRejected (changing nothing) if it is bad.

        By default the update is applied to a copy, which ``Prepared.document`` holds. With
        ``in_place`` it is applied to this document itself, which is restored on refusal:
        copying costs more than everything else here together (0.2 ms for a 14 kB model), and
        the editing path drops its cached document anyway when a commit fails.
        """
        info = inspect_update(update, sections)
        state = decode_state_vector(self.state_vector())
        missing = missing_dependencies(info, state)
        if missing:
            client, clock = missing[0]
            raise UpdateRejected(
                "invalid_update", f"depends on changes the server lacks ({client}:{clock})"
            )
        check_pairs(info, self._pairs, state)
        # New structs change the document for sure; only a resend or a pure deletion needs
        # the fingerprints compared.
        adds = adds_structs(info, state)
        before = None if adds else self.fingerprint()
        candidate = self if in_place else self.copy()
        size_before = self._size
        try:
            size = candidate._apply_checked(update, info, sections, max_document_bytes)
        except BaseException:
            if in_place:
                self._rebuild()
                self._size = size_before
            raise
        candidate._remember(update)
        merge_pairs(candidate._pairs, info.pairs)
        changed = adds or candidate.fingerprint() != before
        return Prepared(document=candidate, update=update, changed=changed, size=size)

    def _apply_checked(
        self,
        update: bytes,
        info: UpdateInfo,
        sections: Sequence[Section],
        max_document_bytes: int | None,
    ) -> int:
        """Apply an inspected update, then check the shape and size; return the size."""
        self._watch(sections)
        check_cells = bool(info.contents & _NON_TEXT_CONTENTS)
        for table in self._tables.values():
            table.check_cells = check_cells
            table.problems.clear()
        try:
            self.doc.apply_update(update)
        except Exception as error:
            raise UpdateRejected("invalid_update", f"pycrdt refused it: {error}") from error
        except BaseException as error:
            if not _is_panic(error):
                raise
            raise UpdateRejected("invalid_update", f"pycrdt panicked: {error}") from error
        # Text sections can only gain non-text content through a type or an embedded value;
        # the tables checked the rows the update touched as its events came.
        self._check_shape(sections, texts=check_cells)
        # Encoding the whole document only to learn its size cost as much as applying the
        # update: the size after is at most the size before plus the update's, so the exact
        # figure is computed only when that bound comes near the limit.
        bound = None if self._size is None else self._size + len(update)
        if max_document_bytes is None or bound is None or bound > max_document_bytes // 2:
            size = len(self.encode_state())
        else:
            size = bound
        self._size = size
        if max_document_bytes is not None and size > max_document_bytes:
            raise UpdateRejected(
                "too_large", f"document would be {size} bytes (limit {max_document_bytes})"
            )
        return size

    def snapshot(self, sections: Sequence[Section]) -> dict[str, Any]:
        """The structured JSON form: {sections: {key: {kind, text} | {kind, rows}}}."""
        # Sections unchanged since the last snapshot are not read again: the editing path asks
        # for one after every batch, and reading all sixteen dominated its engine work.
        result: dict[str, Any] = {}
        self._refresh(sections)
        for section in sections:
            if section.kind == TABLE:
                result[section.key] = {"kind": TABLE, "rows": self._tables[section.root].rows()}
            else:
                result[section.key] = dict(self._parts[section.root].value)
        return {"sections": result}

    def _refresh(self, sections: Sequence[Section]) -> None:
        """Read again the text sections changed since the last snapshot (tables follow events)."""
        self._watch(sections)
        changed, self._changed = self._changed, set()
        # One transaction for all reads: pycrdt otherwise opens one per access.
        with self.doc.transaction():
            for section in sections:
                if section.kind == TABLE:
                    continue
                part = self._parts.get(section.root)
                if part is None or section.root in changed:
                    text = self._text(section)
                    value = {"kind": TEXT, "text": text}
                    self._parts[section.root] = _Part(value, bool(text.strip()))

    def size_bound(self) -> int | None:
        """The encoded size, or an upper bound of it (None: not known)."""
        return self._size

    def snapshot_json(self, sections: Sequence[Section], seq: int | None = None) -> str:
        """The snapshot as JSON text (with ``seq`` when given); sections encoded once per change."""
        # The editing path writes the whole snapshot with every batch; encoding all sixteen
        # sections each time cost more than reading them.
        self._refresh(sections)
        encoded = []
        for section in sections:
            if section.kind == TABLE:
                text = self._tables[section.root].encoded()
            else:
                part = self._parts[section.root]
                if part.encoded is None:
                    part.encoded = json.dumps(part.value, ensure_ascii=False)
                text = part.encoded
            encoded.append(f"{json.dumps(section.key, ensure_ascii=False)}:{text}")
        head = "{" if seq is None else f'{{"seq":{int(seq)},'
        return head + '"sections":{' + ",".join(encoded) + "}}"

    def _watch(self, sections: Sequence[Section]) -> None:
        """Observe every section's root type, to know what a change touched."""
        watched = {root for root, _subscription in self._watching}
        for section in sections:
            if section.kind == TABLE:
                table = self._tables.get(section.root)
                if table is None:
                    self._tables[section.root] = TableState(self._array(section), section.columns)
                elif table.columns != section.columns:
                    table.columns = section.columns
                    table.reload()
                continue
            if section.root in watched:
                continue
            mark = functools.partial(_mark_changed, self._changed_roots, section.root)
            subscription = self._text_type(section).observe(mark)
            self._watching.append((section.root, subscription))
            self._parts.pop(section.root, None)

    def _check_shape(self, sections: Sequence[Section], texts: bool) -> None:
        """Refuse a document with unknown roots, non-text in a section or a malformed row."""
        with self.doc.transaction():
            roots = {section.root for section in sections}
            for name in list(self.doc.keys()):
                if name not in roots:
                    raise UpdateRejected("invalid_update", f"unknown root type {name!r}")
            for section in sections:
                if section.kind == TABLE:
                    table = self._tables[section.root]
                    if table.stale:
                        table.reload()
                        table.check_all()
                    if table.problems:
                        raise UpdateRejected(
                            "invalid_update", f"{section.root!r}: {table.problems[0]}"
                        )
                elif texts:
                    chunks = self._text_type(section).diff()
                    if any(not isinstance(chunk, str) for chunk, _attrs in chunks):
                        raise UpdateRejected(
                            "invalid_update", f"{section.root!r} holds non-text content"
                        )

    def _changed_roots(self) -> set[str]:
        return self._changed

    def _forget_parts(self) -> None:
        # The document object was replaced: its observers and cached parts went with it.
        self._parts.clear()
        self._changed = set()
        self._watching = []
        self._tables = {}

    def progress(self, sections: Sequence[Section]) -> dict[str, Any]:
        """Which sections have content: {sections: {key: bool}, filled, total} (as progress_of)."""
        self._refresh(sections)
        filled = {
            section.key: self._tables[section.root].filled()
            if section.kind == TABLE
            else self._parts[section.root].filled
            for section in sections
        }
        return {"sections": filled, "filled": sum(filled.values()), "total": len(filled)}

    def restore_update(self, target: dict[str, Any], sections: Sequence[Section]) -> bytes:
        """An update that makes this document's snapshot equal ``target``; b"" if equal."""
        work = ModelDocument(self.encode_state(), client_id=_fresh_client_id())
        captured: list[bytes] = []
        subscription = work.doc.observe(lambda event: captured.append(event.update))
        try:
            with work.doc.transaction():
                for section in sections:
                    wanted = (target.get("sections") or {}).get(section.key) or {}
                    if section.kind == TABLE:
                        rows = wanted.get("rows") or []
                        sync_table(work._array(section), rows, section.columns, _set_text)
                    else:
                        _set_text(work._text_type(section), str(wanted.get("text") or ""))
        finally:
            work.doc.unobserve(subscription)
        return captured[0] if captured else b""

    def _text_type(self, section: Section) -> Text:
        return self.doc.get(section.root, type=Text)

    def _array(self, section: Section) -> Array:
        return self.doc.get(section.root, type=Array)

    def _text(self, section: Section) -> str:
        return str(self._text_type(section))


def _fresh_client_id() -> int:
    # Yjs client ids are 32-bit; a random one keeps server-made edits apart from clients'.
    return secrets.randbits(32)


def _set_text(text: Text, wanted: str) -> None:
    """Turn ``text`` into ``wanted`` with one deletion and one insertion at most."""
    current = str(text)
    if current == wanted:
        return
    prefix = 0
    limit = min(len(current), len(wanted))
    while prefix < limit and current[prefix] == wanted[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and current[len(current) - 1 - suffix] == wanted[len(wanted) - 1 - suffix]
    ):
        suffix += 1
    # pycrdt indexes text by UTF-8 bytes.
    start = len(current[:prefix].encode())
    old_end = len(current[: len(current) - suffix].encode())
    if old_end > start:
        del text[start:old_end]
    inserted = wanted[prefix : len(wanted) - suffix]
    if inserted:
        text.insert(start, inserted)
