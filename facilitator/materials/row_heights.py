"""Row heights for wrapped text in the workbooks, which only Excel works out on opening."""

from __future__ import annotations

import math

from openpyxl.worksheet.worksheet import Worksheet

#: Points per line of the default 11-point font, and the most a row may be (Excel's limit)
LINE_HEIGHT, MAX_ROW_HEIGHT = 15, 409
#: Width of a column openpyxl was given none for
DEFAULT_WIDTH = 8.43


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column this many characters wide, words kept whole."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            if used and used + 1 + len(word) > width:
                lines += 1
                used = 0
            if len(word) > width:
                # A word wider than the column is cut where the column ends.
                lines += math.ceil(len(word) / width) - 1
                used = len(word) % width
            else:
                used += len(word) + (1 if used else 0)
    return max(lines, 1)


def fit_row_heights(sheet: Worksheet) -> None:
    """Give rows with wrapped text the height it needs.

    Excel fits such rows when it opens the file, but LibreOffice (and the documents it prints)
    and other spreadsheet programs keep the default height, so wrapped lines overlap the next row.
    """
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            width = sheet.column_dimensions[cell.column_letter].width or DEFAULT_WIDTH
            # Bold headers run wider; a little slack keeps the last word on the estimated line.
            lines = max(lines, wrapped_lines(cell.value, max(width - 1, 1)))
        if lines > 1:
            height = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)
            sheet.row_dimensions[row[0].row].height = height
