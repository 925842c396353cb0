"""How many lines a wrapped cell takes, for the workbooks' row heights."""

from __future__ import annotations

from facilitator.materials.row_heights import wrapped_lines


def test_wrapped_lines_keep_words_whole():
    assert wrapped_lines("один два три", 8) == 2
    assert wrapped_lines("строка\nещё одна", 40) == 2
    assert wrapped_lines("а" * 25, 10) == 3
