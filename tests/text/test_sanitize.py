"""Text from participants made safe for documents, kept literal."""

from __future__ import annotations

from facilitator.text.sanitize import (
    MAX_CELL_CHARS,
    clean_text,
    csv_safe,
    looks_like_formula,
    truncate_for_cell,
)


def test_control_characters_word_rejects_are_removed_and_line_breaks_kept():
    raw = "а\x00б\x01\x08в\x0b\x0cг\x0e\x1fд\tе\r\nж\rз\ufffe"
    assert clean_text(raw) == "абвгд\tе\nж\nз"


def test_markup_is_kept_as_text():
    assert clean_text("<b>жирный</b> & <script>") == "<b>жирный</b> & <script>"


def test_formula_starts_are_detected():
    for text in ("=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)"):
        assert looks_like_formula(text)
    assert not looks_like_formula("Иванов")


def test_csv_cells_that_start_a_formula_get_an_apostrophe():
    assert csv_safe("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert csv_safe("Иванов") == "Иванов"


def test_text_longer_than_a_cell_is_cut_with_a_marker():
    text = truncate_for_cell("я" * (MAX_CELL_CHARS + 10))
    assert len(text) == MAX_CELL_CHARS
    assert text.endswith("[…]")
