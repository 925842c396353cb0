"""Reading a registration file into rows of text: CSV (any delimiter, UTF-8 or cp1251) or .xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from flask_babel import gettext as _

#: The largest file accepted; a form export of a thousand people is well under a megabyte
MAX_BYTES = 5 * 1024 * 1024
#: The most rows read from a file, header included
MAX_ROWS = 3000
#: The most columns read from a row
MAX_COLUMNS = 60
_DELIMITERS = ";,\t"
_ZIP_MAGIC = b"PK\x03\x04"


class ReadError(ValueError):
    """Raised when a file cannot be read as a table; the message is for people."""


def read_table(data: bytes) -> list[list[str]]:
    """The file's non-empty rows as lists of cell texts (an .xlsx's first sheet)."""
    if not data:
        raise ReadError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ReadError(_("The file is too large: at most 5 MB, please."))
    rows = _read_xlsx(data) if data.startswith(_ZIP_MAGIC) else _read_csv(data)
    rows = [_trimmed(row[:MAX_COLUMNS]) for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ReadError(_("The file has no rows."))
    if len(rows) > MAX_ROWS:
        raise ReadError(_("The file has too many rows: at most %(max)d.", max=MAX_ROWS - 1))
    return rows


def _trimmed(row: list[str]) -> list[str]:
    """The row without the empty cells at its end (a sheet pads rows to its widest)."""
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1251 as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise ReadError(
            _("The file is neither UTF-8 nor Windows-1251 text. Save it as CSV or .xlsx.")
        ) from error


def _delimiter(text: str) -> str:
    """The delimiter the header line uses most: «;», «,» or a tab."""
    sample = "\n".join(text.splitlines()[:5])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(_DELIMITERS, key=first.count)


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    if "\x00" in text:
        raise ReadError(_("This does not look like a CSV or .xlsx file."))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        return [row for _number, row in zip(range(MAX_ROWS + 1), reader, strict=False)]
    except csv.Error as error:
        raise ReadError(_("The CSV file is malformed: %(reason)s", reason=str(error))) from error


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Phone numbers typed into Excel come back as floats.
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ReadError(_("The .xlsx file cannot be opened: is it a Word or .xls file?")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_ROWS:
                break
        return rows
    except (IndexError, ValueError, TypeError) as error:
        raise ReadError(_("The .xlsx file cannot be read.")) from error
    finally:
        workbook.close()
