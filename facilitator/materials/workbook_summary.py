"""The results workbook's first sheet: the session's facts, the survey's shares and the voting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from facilitator.materials.cells import (
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    Value,
    put,
)
from facilitator.materials.facts import model_summary
from facilitator.materials.records import SessionMaterials
from facilitator.materials.survey import respondents, summarise
from facilitator.text.geography import count_organisations
from facilitator.text.numbers import share

#: Figures in the summary's tables: centred under their header, so neighbours never run together
CENTRED = Alignment(horizontal="center", vertical="top")
CENTRED_HEADER = Alignment(horizontal="center", vertical="center", wrap_text=True)
#: The summary's facts: figures and dates start where the texts do
FACT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def _table_header(sheet: Worksheet, row: int, titles: Sequence[str], figures: range) -> None:
    """A table's header row in the summary; the figures' columns centred like their values."""
    for column, title in enumerate(titles, start=1):
        cell = put(sheet, row, column, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = CENTRED_HEADER if column in figures else HEADER_ALIGNMENT


def _figure(sheet: Worksheet, row: int, column: int, value: Value):
    """A figure in the summary's tables, centred in its column."""
    cell = put(sheet, row, column, value)
    cell.alignment = CENTRED
    return cell


def summary_sheet(workbook: Workbook, materials: SessionMaterials) -> None:
    """The summary sheet, first in the workbook."""
    session = materials.session
    organisations = count_organisations(p.organisation for p in materials.participants)
    facts: list[tuple[str, Value]] = [
        (_("Session"), session.title),
        (_("Date"), session.date),
        (_("Starts at"), session.starts_at.strftime("%H:%M")),
        (_("Host organisation"), session.host_organisation),
        (_("Venue"), session.venue),
        (_("Participants"), len(materials.participants)),
        (_("Organisations"), organisations.total),
        (_("Educational organisations"), organisations.educational),
        (_("Creative groups"), len(materials.groups)),
        (_("Models filled in"), sum(1 for g in materials.groups if g.has_model)),
        (
            (_("Scores given"), materials.voting.votes_cast)
            if materials.rating
            else (_("Votes cast"), sum(v.points for v in materials.votes))
        ),
        (_("Comments"), len(materials.comments)),
        (_("Survey responses"), respondents(materials.survey)),
    ]
    sheet = workbook.create_sheet(_("Summary")[:31])
    header = put(sheet, 1, 1, _("Indicator"))
    value_header = put(sheet, 1, 2, _("Value"))
    for cell in (header, value_header):
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    for row, (label, value) in enumerate(facts, start=2):
        put(sheet, row, 1, label).font = Font(bold=True)
        cell = put(sheet, row, 2, value)
        cell.alignment = FACT
        if isinstance(value, dt.date):
            cell.number_format = "DD.MM.YYYY"
    row = len(facts) + 3
    put(sheet, row, 1, _("Survey: share of top answers")).font = Font(bold=True, size=12)
    row += 1
    headers = [_("Question"), _("Answered"), _("Top answers"), _("Share, %"), _("Average")]
    _table_header(sheet, row, headers, figures=range(2, 6))
    summaries = [s for s in summarise(materials.survey) if s.is_closed]
    if not summaries or not respondents(materials.survey):
        row += 1
        put(sheet, row, 1, _("No survey answers yet.")).font = Font(italic=True, color="5B6472")
    for summary in summaries:
        row += 1
        put(sheet, row, 1, summary.question.text)
        _figure(sheet, row, 2, summary.answered)
        _figure(sheet, row, 3, summary.top)
        share_of_top = float(share(summary.top, summary.answered) or 0) / 100
        _figure(sheet, row, 4, share_of_top).number_format = "0.0%"
        if summary.average is not None:
            _figure(sheet, row, 5, float(summary.average)).number_format = "0.00"
    row += 2
    put(sheet, row, 1, _("Voting")).font = Font(bold=True, size=12)
    row += 1
    result_title = _("Average score") if materials.rating else _("Votes")
    headers = [_("Interaction model"), result_title, _("Place"), _("Idea")]
    _table_header(sheet, row, headers, figures=range(2, 4))
    results = materials.model_results()
    groups = {g.id: g for g in materials.groups}
    if materials.rating:
        voted = any(r.average is not None for r in results)
    else:
        voted = bool(materials.votes) or any(r.dots for r in results)
    if not voted:
        row += 1
        empty = _("No scores.") if materials.rating else _("No votes.")
        put(sheet, row, 1, empty).font = Font(italic=True, color="5B6472")
    else:
        for result in results:
            group = groups.get(result.group_id)
            if group is None:
                continue
            row += 1
            put(sheet, row, 1, group.model_title)
            if materials.rating:
                if result.average is not None:
                    _figure(sheet, row, 2, result.average).number_format = "0.00"
            else:
                _figure(sheet, row, 2, result.dots)
            # A place of its own is a number, a shared one reads «1–2».
            place = result.place_label if result.tied else result.place
            _figure(sheet, row, 3, place)
            put(sheet, row, 4, model_summary(group))
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 40
    sheet.column_dimensions["E"].width = 12
    sheet.freeze_panes = "A2"
