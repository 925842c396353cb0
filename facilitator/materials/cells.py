"""Cells of the workbooks: the house style and a writer that keeps text text."""

from __future__ import annotations

import datetime as dt

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from facilitator.text.sanitize import clean_text, looks_like_formula, truncate_for_cell

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5FBF")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MAX_WIDTH, MIN_WIDTH = 60, 6

Value = str | int | float | dt.datetime | dt.date | None


def put(sheet: Worksheet, row: int, column: int, value: Value):
    """Write a value; text is cleaned and a would-be formula is stored as literal text."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = truncate_for_cell(clean_text(value))
        cell.value = text
        if looks_like_formula(text):
            # A string cell is never evaluated; the quote prefix keeps it text after editing too.
            cell.data_type = "s"
            cell.quotePrefix = True
        if "\n" in text or len(text) > MAX_WIDTH:
            cell.alignment = WRAP
        else:
            cell.alignment = TOP
    else:
        cell.value = value
        cell.alignment = TOP
        if isinstance(value, dt.datetime):
            cell.number_format = DATETIME_FORMAT
    return cell
