"""Make participants' text safe for Word, spreadsheets and CSV while keeping it literal."""

from __future__ import annotations

import re

# XML 1.0 forbids these; Word refuses a file that has them, python-docx and openpyxl raise.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
#: First characters that make Excel or LibreOffice read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
#: Excel's limit on the characters in one cell
MAX_CELL_CHARS = 32_767


def clean_text(value: object) -> str:
    """The value as text without control characters that documents cannot hold."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(value: object) -> str:
    """Clean text with every run of whitespace made one space."""
    return " ".join(clean_text(value).split())


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would treat the text as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> str:
    """Clean text for CSV; a leading apostrophe keeps a would-be formula as text."""
    text = clean_text(value)
    return "'" + text if looks_like_formula(text) else text


def truncate_for_cell(text: str, marker: str = " […]") -> str:
    """Cut text that would not fit in one spreadsheet cell, saying so at the end."""
    if len(text) <= MAX_CELL_CHARS:
        return text
    return text[: MAX_CELL_CHARS - len(marker)] + marker
