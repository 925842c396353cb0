"""The attendance files by key: the sheet in Word and PDF, and the workbook."""

from __future__ import annotations

from facilitator.attendance import roll as rolls
from facilitator.attendance.sheet import build_sheet_docx, build_sheet_pdf
from facilitator.attendance.workbook import build_attendance_workbook
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
#: key → (file stem, extension, type, builder)
FILES = {
    "sheet": ("attendance-sheet", "docx", DOCX, build_sheet_docx),
    "sheet-pdf": ("attendance-sheet", "pdf", PDF, build_sheet_pdf),
    "workbook": ("attendance", "xlsx", XLSX, build_attendance_workbook),
}


def file_name(session: DesignSession, key: str) -> str:
    """ASCII name with the date, as the materials' files are named."""
    stem, extension, _type, _build = FILES[key]
    return f"{stem}-{session.date.isoformat()}.{extension}"


def mimetype(key: str) -> str:
    """The file's content type."""
    return FILES[key][2]


def build(session_id: int, key: str) -> bytes:
    """One attendance file's bytes (by session id, so it can be built in another process)."""
    session = db.session.get(DesignSession, session_id)
    if session is None:
        raise LookupError(f"no session {session_id}")
    return FILES[key][3](rolls.roll(session))


def build_all(session: DesignSession) -> dict[str, bytes]:
    """Every attendance file by its name."""
    return {file_name(session, key): build(session.id, key) for key in FILES}
