"""The server reads rows in the order the browser's frontend/src/roworder.js gives them."""

from __future__ import annotations

from facilitator.realtime.row_order import int_key, legacy_key, sort_key, spread_keys


def test_integer_keys_are_the_ones_the_browser_makes():
    # The same figures as frontend/test/roworder.test.mjs.
    keys = [int_key(n) for n in (1, 2, 61, 62, 63, 3843, 3844, 250000)]
    assert keys == ["a1", "a2", "az", "b10", "b11", "bzz", "c100", "d132G"]
    assert sorted(keys) == keys
    assert legacy_key(0) == "a1"
    assert spread_keys(3) == ["a1", "a2", "a3"]


def test_rows_without_keys_read_by_position_and_ties_by_id():
    rows = [(None, "x", 0), ("a1V", "y", 1), (None, "z", 2), ("a1V", "b", 3)]
    ordered = sorted(rows, key=lambda row: sort_key(*row))
    assert [row_id for _order, row_id, _index in ordered] == ["x", "b", "y", "z"]


def test_keys_compare_by_utf16_code_units_as_javascript_does():
    # U+FF5E sorts after U+1F600 in code points but before it in UTF-16 (0xD83D...).
    assert sort_key("\uff5e", "", 0) > sort_key("\U0001f600", "", 1)
    assert sort_key(5, "", 0) == sort_key(None, "", 0)  # a non-string key reads as missing
