"""Ids from forms, JSON and socket events are checked against what the database can hold."""

from __future__ import annotations

import pytest

from facilitator.database import MAX_ID, as_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        ("42", 42),
        (" 7 ", 7),
        (MAX_ID, MAX_ID),
        (str(MAX_ID), MAX_ID),
        (MAX_ID + 1, None),
        (str(MAX_ID + 1), None),
        ("9" * 5000, None),
        (0, None),
        (-3, None),
        ("-3", None),
        ("٣", None),
        ("1e3", None),
        (True, None),
        (1.0, None),
        (None, None),
        ([1], None),
    ],
)
def test_as_id_keeps_only_ids_the_database_can_hold(value, expected):
    assert as_id(value) == expected
