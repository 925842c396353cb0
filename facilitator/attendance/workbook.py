"""The attendance workbook: arrival, departure and hours per person, and the total.

The house style of the results workbook: a frozen, filtered header row, sized columns, A4
landscape as wide as the page with the header repeated on every printed page.
"""

from __future__ import annotations

import io

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from facilitator.attendance.roll import Roll
from facilitator.materials.cells import put
from facilitator.materials.workbook import local_time, set_up_printing, table_sheet
from facilitator.text.dates import date_in_words
from facilitator.text.sanitize import one_line

HOURS_FORMAT = "0.0"


def build_attendance_workbook(attendance: Roll) -> bytes:
    """The workbook in the session's language."""
    with force_locale(attendance.session.language):
        return _build(attendance)


def _build(attendance: Roll) -> bytes:
    session = attendance.session
    workbook = Workbook()
    workbook.remove(workbook.active)
    headers = [
        "№",
        _("Full name"),
        _("Organisation"),
        _("Position"),
        _("Arrival time"),
        _("Departure time"),
        _("Hours"),
    ]
    rows = [
        [
            number,
            one_line(p.participant.full_name),
            one_line(p.participant.organisation),
            one_line(p.participant.position),
            local_time(p.arrived, attendance.zone),
            local_time(p.left, attendance.zone),
            float(p.hours) if p.hours is not None else None,
        ]
        for number, p in enumerate(attendance.people, start=1)
    ]
    sheet = table_sheet(workbook, _("Attendance"), headers, rows, _("Nobody attended."))
    for row in range(2, len(rows) + 2):
        sheet.cell(row=row, column=7).number_format = HOURS_FORMAT
    if rows:
        total_row = len(rows) + 2
        put(sheet, total_row, 2, _("Total: %(num)d people", num=len(rows))).font = Font(bold=True)
        total = put(sheet, total_row, 7, float(attendance.total_hours))
        total.font, total.number_format = Font(bold=True), HOURS_FORMAT
    sheet.oddHeader.center.text = one_line(
        f"{session.title} — {date_in_words(session.date, session.language)}"
    ).replace("&", "&&")
    set_up_printing(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
