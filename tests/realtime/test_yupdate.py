"""The strict Yjs v1 reader: structure, lengths in UTF-16 units, dependencies."""

import pytest
from pycrdt import Doc, Text

from facilitator.realtime.yupdate import (
    MalformedUpdate,
    missing_dependencies,
    read_state_vector,
    read_update,
)
from tests.realtime.yjs_fixtures import MERGED_U1_U3, U1, U2, U3, WHOLE_V2


def test_yjs_update_is_read_with_its_root_and_clock_range():
    info = read_update(U1)
    assert info.roots == {"text:idea"}
    assert info.structs == {1234: [(0, 5, False)]}
    assert info.deletes == {}


def test_string_lengths_count_utf16_units_like_yjs_clocks():
    doc = Doc()
    doc.get("text:idea", type=Text).insert(0, "a😀б")
    info = read_update(doc.get_update())
    assert next(iter(info.structs.values())) == [(0, 4, False)]
    assert read_state_vector(doc.get_state()) == {doc.client_id: 4}


def test_merged_update_keeps_a_skip_for_the_missing_clocks():
    info = read_update(MERGED_U1_U3)
    assert info.structs[1234] == [(0, 5, False), (5, 11, True), (16, 1, False)]


def test_v2_bytes_are_not_read_as_v1():
    with pytest.raises(MalformedUpdate, match="v2"):
        read_update(WHOLE_V2)


@pytest.mark.parametrize("data", [b"", b"\x01", b"\xff\xff\xff", U1[:-3], U1 + b"\x00"])
def test_truncated_or_padded_bytes_are_malformed(data):
    with pytest.raises(MalformedUpdate):
        read_update(data)


def test_update_needs_nothing_when_its_start_is_known():
    assert missing_dependencies(read_update(U2), {1234: 5}) == []
    assert missing_dependencies(read_update(U1), {}) == []


def test_update_after_a_gap_needs_the_missing_clocks():
    assert missing_dependencies(read_update(U2), {}) != []
    assert missing_dependencies(read_update(U3), {1234: 5}) != []
    assert missing_dependencies(read_update(MERGED_U1_U3), {}) != []
    assert missing_dependencies(read_update(MERGED_U1_U3), {1234: 16}) == []


def test_state_vector_with_trailing_bytes_is_malformed():
    with pytest.raises(MalformedUpdate):
        read_state_vector(b"\x01\x02\x03\x04")
