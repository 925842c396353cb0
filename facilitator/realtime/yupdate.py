"""A strict reader of the Yjs v1 update format, used to vet bytes before pycrdt sees them.

pycrdt applies v2 bytes as an empty update and keeps updates with missing dependencies
pending without a word, so the server reads the structure itself: the whole input must be
one v1 update, and the reader reports which root types it touches and which ids it needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

#: Content references of the v1 format (Yjs `contentRefs`)
CONTENT_GC = 0
CONTENT_DELETED = 1
CONTENT_JSON = 2
CONTENT_BINARY = 3
CONTENT_STRING = 4
CONTENT_EMBED = 5
CONTENT_FORMAT = 6
CONTENT_TYPE = 7
CONTENT_ANY = 8
CONTENT_DOC = 9
CONTENT_SKIP = 10

#: Type references inside ContentType (Yjs `typeRefs`)
TYPE_ARRAY = 0
TYPE_MAP = 1
TYPE_TEXT = 2
TYPE_XML_ELEMENT = 3
TYPE_XML_HOOK = 5

_MAX_VAR_UINT = 2**53
_MAX_ANY_DEPTH = 32


class MalformedUpdate(ValueError):
    """The bytes are not one complete Yjs v1 update."""


@dataclass(frozen=True)
class RootItem:
    """An item whose parent is named as a root type."""

    root: str
    content: int
    type_ref: int | None
    parent_sub: str | None


@dataclass
class UpdateInfo:
    """What a v1 update contains, as far as validation needs to know."""

    #: client id -> the clocks of its structs in this update, as (clock, length, is_skip)
    structs: dict[int, list[tuple[int, int, bool]]] = field(default_factory=dict)
    #: Items attached directly to a named root type
    root_items: list[RootItem] = field(default_factory=list)
    #: Ids this update refers to: origins, right origins and parent items
    references: list[tuple[int, int]] = field(default_factory=list)
    #: Content references used anywhere in the update
    contents: set[int] = field(default_factory=set)
    #: Type references created anywhere in the update
    type_refs: set[int] = field(default_factory=set)
    #: client id -> deleted ranges as (clock, length)
    deletes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    #: Left origins of the items (the item goes right after that id) and right origins
    origins: list[tuple[int, int]] = field(default_factory=list)
    right_origins: list[tuple[int, int]] = field(default_factory=list)
    #: client id -> clocks of the first UTF-16 unit of each two-unit character in its strings
    pairs: dict[int, set[int]] = field(default_factory=dict)

    @property
    def roots(self) -> set[str]:
        """Names of the root types the update names."""
        return {item.root for item in self.root_items}


class _Reader:
    """lib0 decoding primitives over a byte string, failing on any overrun."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def done(self) -> bool:
        return self.pos >= len(self.data)

    def take(self, count: int) -> bytes:
        end = self.pos + count
        if count < 0 or end > len(self.data):
            raise MalformedUpdate("unexpected end of update")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise MalformedUpdate("unexpected end of update")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def var_uint(self) -> int:
        number, shift = 0, 0
        while True:
            byte = self.byte()
            number |= (byte & 0x7F) << shift
            if byte < 0x80:
                if number > _MAX_VAR_UINT:
                    raise MalformedUpdate("integer out of range")
                return number
            shift += 7
            if shift > 63:
                raise MalformedUpdate("integer too long")

    def var_int(self) -> int:
        byte = self.byte()
        number = byte & 0x3F
        sign = -1 if byte & 0x40 else 1
        shift = 6
        while byte & 0x80:
            byte = self.byte()
            number |= (byte & 0x7F) << shift
            shift += 7
            if shift > 70:
                raise MalformedUpdate("integer too long")
        return sign * number

    def string(self) -> str:
        raw = self.take(self.var_uint())
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise MalformedUpdate("string is not UTF-8") from error

    def any(self, depth: int = 0) -> None:
        if depth > _MAX_ANY_DEPTH:
            raise MalformedUpdate("value nested too deeply")
        kind = self.byte()
        if kind in (127, 126, 121, 120):  # undefined, null, false, true
            return
        if kind == 125:
            self.var_int()
        elif kind == 124:
            self.take(4)
        elif kind in (123, 122):
            self.take(8)
        elif kind == 119:
            self.string()
        elif kind == 118:
            for _ in range(self.var_uint()):
                self.string()
                self.any(depth + 1)
        elif kind == 117:
            for _ in range(self.var_uint()):
                self.any(depth + 1)
        elif kind == 116:
            self.take(self.var_uint())
        else:
            raise MalformedUpdate(f"unknown value type {kind}")


def _utf16_length(text: str) -> int:
    # Yjs clocks count UTF-16 code units, like JavaScript's String.length.
    return len(text.encode("utf-16-le")) // 2


def _note_pairs(text: str, client: int, clock: int, info: UpdateInfo) -> int:
    """Record where the text's two-unit characters start; return its length in UTF-16 units."""
    length = _utf16_length(text)
    if length != len(text):
        pairs = info.pairs.setdefault(client, set())
        unit = clock
        for char in text:
            if ord(char) > 0xFFFF:
                pairs.add(unit)
                unit += 2
            else:
                unit += 1
    return length


def _skip_values(count: int, skip: Callable[[], object]) -> int:
    """Skip over ``count`` values with ``skip``; the count is the content's clock length."""
    for _ in range(count):
        skip()
    return count


def _read_content(
    reader: _Reader, ref: int, info: UpdateInfo, client: int = 0, clock: int = 0
) -> tuple[int, int | None]:
    """Skip over one item's content; return its clock length and type reference."""
    info.contents.add(ref)
    if ref == CONTENT_DELETED:
        return reader.var_uint(), None
    if ref == CONTENT_JSON:
        return _skip_values(reader.var_uint(), reader.string), None
    if ref == CONTENT_BINARY:
        reader.take(reader.var_uint())
        return 1, None
    if ref == CONTENT_STRING:
        return _note_pairs(reader.string(), client, clock, info), None
    if ref == CONTENT_EMBED:
        reader.string()
        return 1, None
    if ref == CONTENT_FORMAT:
        reader.string()
        reader.string()
        return 1, None
    if ref == CONTENT_TYPE:
        type_ref = reader.var_uint()
        if type_ref > 6:
            raise MalformedUpdate(f"unknown type reference {type_ref}")
        if type_ref in (TYPE_XML_ELEMENT, TYPE_XML_HOOK):
            reader.string()
        info.type_refs.add(type_ref)
        return 1, type_ref
    if ref == CONTENT_ANY:
        return _skip_values(reader.var_uint(), reader.any), None
    if ref == CONTENT_DOC:
        reader.string()
        reader.any()
        return 1, None
    raise MalformedUpdate(f"unknown content reference {ref}")


def _read_structs(reader: _Reader, info: UpdateInfo) -> None:
    for _ in range(reader.var_uint()):
        count = reader.var_uint()
        client = reader.var_uint()
        clock = reader.var_uint()
        ranges = info.structs.setdefault(client, [])
        for _ in range(count):
            info_byte = reader.byte()
            ref = info_byte & 0x1F
            if ref == CONTENT_GC:
                length, skip = reader.var_uint(), False
            elif ref == CONTENT_SKIP:
                length, skip = reader.var_uint(), True
            else:
                length, skip = _read_item(reader, info_byte, ref, info, client, clock), False
            if length <= 0:
                raise MalformedUpdate("empty struct")
            ranges.append((clock, length, skip))
            clock += length


def _read_item(
    reader: _Reader, info_byte: int, ref: int, info: UpdateInfo, client: int, clock: int
) -> int:
    has_origin = bool(info_byte & 0x80)
    has_right_origin = bool(info_byte & 0x40)
    if has_origin:
        origin = (reader.var_uint(), reader.var_uint())
        info.references.append(origin)
        info.origins.append(origin)
    if has_right_origin:
        right_origin = (reader.var_uint(), reader.var_uint())
        info.references.append(right_origin)
        info.right_origins.append(right_origin)
    root = parent_sub = None
    if not (has_origin or has_right_origin):
        if reader.var_uint() == 1:
            root = reader.string()
        else:
            info.references.append((reader.var_uint(), reader.var_uint()))
        if info_byte & 0x20:
            parent_sub = reader.string()
    length, type_ref = _read_content(reader, ref, info, client, clock)
    if root is not None:
        info.root_items.append(RootItem(root, ref, type_ref, parent_sub))
    return length


def _read_delete_set(reader: _Reader, info: UpdateInfo) -> None:
    for _ in range(reader.var_uint()):
        client = reader.var_uint()
        ranges = info.deletes.setdefault(client, [])
        for _ in range(reader.var_uint()):
            ranges.append((reader.var_uint(), reader.var_uint()))


def read_update(data: bytes) -> UpdateInfo:
    """Read a whole v1 update; raise MalformedUpdate unless every byte belongs to it."""
    reader = _Reader(data)
    info = UpdateInfo()
    _read_structs(reader, info)
    _read_delete_set(reader, info)
    if not reader.done():
        # A v2 update starts with a zero byte, which v1 reads as "no structs, no deletes".
        raise MalformedUpdate("trailing bytes: not a Yjs v1 update (v2 encoding?)")
    return info


def read_state_vector(data: bytes) -> dict[int, int]:
    """Decode a Yjs state vector into {client id: next clock}."""
    reader = _Reader(data)
    state: dict[int, int] = {}
    for _ in range(reader.var_uint()):
        client = reader.var_uint()
        state[client] = reader.var_uint()
    if not reader.done():
        raise MalformedUpdate("trailing bytes after the state vector")
    return state


def missing_dependencies(info: UpdateInfo, state: dict[int, int]) -> list[tuple[int, int]]:
    """Ids the update needs that neither the state nor the update itself provides."""
    reach = dict(state)
    missing: list[tuple[int, int]] = []
    for client, ranges in info.structs.items():
        known = reach.get(client, 0)
        for clock, length, skip in ranges:
            if skip:
                continue
            if clock > known:
                missing.append((client, known))
            known = max(known, clock + length)
        reach[client] = known
    for client, clock in info.references:
        if clock >= reach.get(client, 0):
            missing.append((client, clock))
    for client, ranges in info.deletes.items():
        for clock, length in ranges:
            if clock + length > reach.get(client, 0):
                missing.append((client, clock))
    return missing


# The UTF-8 form of a character outside the Basic Multilingual Plane: two UTF-16 units in Yjs.
_ASTRAL = re.compile(rb"[\xf0-\xf4][\x80-\xbf]{3}")


def note_pairs_of(data: bytes, pairs: dict[int, set[int]]) -> None:
    """Add where the two-unit characters of an update (already accepted) start to ``pairs``."""
    if _has_astral(data):
        merge_pairs(pairs, read_update(data).pairs)


def _has_astral(data: bytes) -> bool:
    """Whether the bytes may hold a character of four UTF-8 bytes (so two UTF-16 units)."""
    # Looking for each lead byte runs at memchr speed; a regular expression over the whole
    # update took 30 ms a megabyte. A lead byte inside a number is checked and passed over.
    for lead in b"\xf0\xf1\xf2\xf3\xf4":
        start = data.find(lead)
        while start != -1:
            if _ASTRAL.match(data, start):
                return True
            start = data.find(lead, start + 1)
    return False


def merge_pairs(pairs: dict[int, set[int]], more: dict[int, set[int]]) -> None:
    """Add the positions in ``more`` to ``pairs``."""
    for client, clocks in more.items():
        pairs.setdefault(client, set()).update(clocks)


def split_pair(
    info: UpdateInfo, pairs: dict[int, set[int]], state: dict[int, int]
) -> tuple[int, int] | None:
    """An id where the update would cut a two-unit character in two, or None.

    Yjs counts text in UTF-16 units, so an update may delete or insert between the two halves
    of an emoji. Yjs then shows a replacement character, while pycrdt keeps a different text:
    the server's model and the browsers would disagree for good. ``pairs`` holds the document's
    two-unit characters (where their first unit is), ``state`` its state vector.
    """

    def first_half(client: int, clock: int) -> bool:
        return clock in pairs.get(client, ()) or clock in info.pairs.get(client, ())

    for client, clock in info.origins:  # inserted right after this unit
        if first_half(client, clock):
            return client, clock
    for client, clock in info.right_origins:  # inserted right before this unit
        if first_half(client, clock - 1):
            return client, clock
    for client, ranges in info.deletes.items():
        for clock, length in ranges:
            if first_half(client, clock - 1) or first_half(client, clock + length - 1):
                return client, clock
    for client, ranges in info.structs.items():
        known = state.get(client, 0)
        for clock, length, skip in ranges:
            # a struct the document has in part is applied from where the document's part ends
            if not skip and clock < known < clock + length and first_half(client, known - 1):
                return client, known
    return None
