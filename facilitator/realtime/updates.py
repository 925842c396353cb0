"""A model's sections and the checks on Yjs updates against them; snapshots and progress."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from facilitator.realtime.yupdate import (
    CONTENT_ANY,
    CONTENT_BINARY,
    CONTENT_DELETED,
    CONTENT_DOC,
    CONTENT_EMBED,
    CONTENT_FORMAT,
    CONTENT_JSON,
    CONTENT_STRING,
    CONTENT_TYPE,
    TYPE_ARRAY,
    TYPE_MAP,
    TYPE_TEXT,
    MalformedUpdate,
    UpdateInfo,
    read_state_vector,
    read_update,
    split_pair,
)

TEXT = "text"


TABLE = "table"


_ALLOWED_CONTENTS = {CONTENT_DELETED, CONTENT_STRING, CONTENT_FORMAT, CONTENT_TYPE, CONTENT_ANY}


_ALLOWED_TYPES = {TYPE_ARRAY, TYPE_MAP, TYPE_TEXT}


_TEXT_ROOT_CONTENTS = {CONTENT_DELETED, CONTENT_STRING, CONTENT_FORMAT}


#: Contents that could put something other than characters into a Y.Text
_NON_TEXT_CONTENTS = {CONTENT_TYPE, CONTENT_ANY}


_CONTENT_NAMES = {
    CONTENT_JSON: "JSON",
    CONTENT_BINARY: "binary",
    CONTENT_EMBED: "embed",
    CONTENT_DOC: "sub-document",
}


@dataclass(frozen=True)
class Section:
    """One template section as the engine sees it."""

    key: str
    kind: str
    columns: tuple[str, ...] = ()

    @property
    def root(self) -> str:
        """The name of the section's root type."""
        return f"{self.kind}:{self.key}"


class UpdateRejected(ValueError):
    """An update the document must not take; ``code`` is the protocol's error code."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def sections_from_dicts(specs: Iterable[dict[str, Any]]) -> tuple[Section, ...]:
    """Engine sections from template dicts ({key, kind, columns: [{key, title}]})."""
    return tuple(
        Section(
            key=spec["key"],
            kind=str(spec["kind"]),
            columns=tuple(column["key"] for column in spec.get("columns") or ()),
        )
        for spec in specs
    )


def decode_state_vector(data: bytes) -> dict[int, int]:
    """A state vector as {client id: clock}; ValueError when the bytes are not one."""
    return read_state_vector(data)


def inspect_update(update: bytes, sections: Sequence[Section]) -> UpdateInfo:
    """Read the update's structure and check it against the template's root types."""
    try:
        info = read_update(update)
    except MalformedUpdate as error:
        raise UpdateRejected("invalid_update", str(error)) from error
    forbidden = info.contents - _ALLOWED_CONTENTS
    if forbidden:
        names = ", ".join(_CONTENT_NAMES.get(ref, str(ref)) for ref in sorted(forbidden))
        raise UpdateRejected("invalid_update", f"content not allowed: {names}")
    if info.type_refs - _ALLOWED_TYPES:
        raise UpdateRejected("invalid_update", "only Y.Text, Y.Array and Y.Map are allowed")
    kinds = {section.root: section.kind for section in sections}
    for item in info.root_items:
        kind = kinds.get(item.root)
        if kind is None:
            raise UpdateRejected("invalid_update", f"unknown root type {item.root!r}")
        if item.parent_sub is not None:
            raise UpdateRejected("invalid_update", f"{item.root!r} is not a map")
        if kind == TEXT and item.content not in _TEXT_ROOT_CONTENTS:
            raise UpdateRejected("invalid_update", f"{item.root!r} takes text only")
        if kind == TABLE and not (
            item.content == CONTENT_DELETED
            or (item.content == CONTENT_TYPE and item.type_ref == TYPE_MAP)
        ):
            raise UpdateRejected("invalid_update", f"{item.root!r} takes Y.Map rows only")
    return info


def check_pairs(info: UpdateInfo, pairs: dict[int, set[int]], state: dict[int, int]) -> None:
    """Refuse an update that would cut a two-unit character (an emoji) in two.

    Yjs counts text in UTF-16 units and pycrdt does not: after such a cut the server's text
    and every browser's would differ for good (docs/realtime-protocol.md).
    """
    split = split_pair(info, pairs, state)
    if split is not None:
        client, clock = split
        raise UpdateRejected(
            "invalid_update", f"cuts a two-unit character in two at {client}:{clock}"
        )


def _mark_changed(changed: Any, root: str, _event: Any) -> None:
    changed().add(root)


def adds_structs(info: UpdateInfo, state: dict[int, int]) -> bool:
    """Whether the update holds structs beyond the state vector ``state``."""
    return any(
        not skip and clock + length > state.get(client, 0)
        for client, ranges in info.structs.items()
        for clock, length, skip in ranges
    )


def progress_of(snapshot: dict[str, Any], sections: Sequence[Section]) -> dict[str, Any]:
    """Progress from a snapshot: a section is filled when it has a non-blank character."""
    filled: dict[str, bool] = {}
    parts = snapshot.get("sections") or {}
    for section in sections:
        part = parts.get(section.key) or {}
        if section.kind == TABLE:
            filled[section.key] = any(
                str(row.get(column) or "").strip()
                for row in part.get("rows") or []
                for column in section.columns
            )
        else:
            filled[section.key] = bool(str(part.get("text") or "").strip())
    return {"sections": filled, "filled": sum(filled.values()), "total": len(filled)}


def empty_snapshot(sections: Sequence[Section]) -> dict[str, Any]:
    """The snapshot of a document nobody has edited."""
    # Written out rather than read from an empty document: reports ask for it per group, and
    # observing sixteen root types of a new document cost a millisecond each time.
    return {
        "sections": {
            section.key: {"kind": TABLE, "rows": []}
            if section.kind == TABLE
            else {"kind": TEXT, "text": ""}
            for section in sections
        }
    }
