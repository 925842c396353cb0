"""The results workbook: summary, participants, groups, votes, survey and comments sheets."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from facilitator.materials.cells import (
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    MAX_WIDTH,
    MIN_WIDTH,
    Value,
    put,
)
from facilitator.materials.records import (
    YES_ANSWERS,
    YES_NO,
    ParticipantRecord,
    SectionContent,
    SessionMaterials,
)
from facilitator.materials.row_heights import fit_row_heights
from facilitator.materials.workbook_summary import summary_sheet
from facilitator.text.sanitize import clean_text

DEFAULT_TIMEZONE = ZoneInfo("Europe/Moscow")
#: Rows looked at when sizing columns; enough to judge, cheap for big sessions
SIZING_ROWS = 300


def participant_fields(participant: ParticipantRecord) -> tuple[str, ...]:
    """A participant's text columns, from the full name to the creative group."""
    p = participant
    return (p.full_name, p.organisation, p.position, p.city, p.email, p.group_name)


def participant_headers() -> list[str]:
    """The columns of the participants' list, in the workbook and the CSV alike."""
    return [
        "№",
        _("Full name"),
        _("Organisation"),
        _("Position"),
        _("City or district"),
        _("E-mail"),
        _("Creative group"),
        _("Group leader"),
        _("Registered"),
    ]


def table_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Value]],
    empty: str,
) -> Worksheet:
    """A sheet with a styled, frozen header row, a filter, sized columns; «empty» if no rows."""
    sheet = workbook.create_sheet(title[:31])
    for column, header in enumerate(headers, start=1):
        cell = put(sheet, 1, column, header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            put(sheet, row_number, column, value)
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    else:
        put(sheet, 2, 1, empty).font = Font(italic=True, color="5B6472")
    sheet.freeze_panes = "A2"
    size_columns(sheet, [headers, *rows[:SIZING_ROWS]])
    return sheet


def size_columns(sheet: Worksheet, rows: Sequence[Sequence[Value]]) -> None:
    """Column widths from the longest line in each column, within sensible bounds."""
    widths: dict[int, int] = {}
    for values in rows:
        for column, value in enumerate(values, start=1):
            if isinstance(value, dt.datetime):
                length = 16
            else:
                text = "" if value is None else str(value)
                length = max((len(line) for line in text.split("\n")), default=0)
            widths[column] = max(widths.get(column, 0), length)
    for column, length in widths.items():
        width = min(max(length + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(column)].width = width


def local_time(value: dt.datetime | None, zone: dt.tzinfo) -> dt.datetime | None:
    """Excel has no time zones: show the wall-clock time in the session's zone.

    A time without a zone is UTC, as the database keeps it (SQLite gives it back without one).
    """
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone).replace(tzinfo=None, microsecond=0)


def set_up_printing(sheet: Worksheet) -> None:
    """A4 landscape, as wide as the page, the header row repeated on every printed page,
    and rows as high as their wrapped text."""
    fit_row_heights(sheet)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = False
    if sheet.max_row > 1 and sheet.freeze_panes == "A2":
        sheet.print_title_rows = "1:1"


def section_as_text(section: SectionContent) -> str:
    """A section for one cell: its text, or its table rows as «column: value» lines."""
    if section.kind != "table":
        return section.text
    lines = []
    for row in section.filled_rows:
        cells = [f"{c.title}: {row.get(c.key, '')}" for c in section.columns if row.get(c.key)]
        lines.append("; ".join(cells))
    return "\n".join(lines)


def build_workbook(materials: SessionMaterials, zone: dt.tzinfo = DEFAULT_TIMEZONE) -> bytes:
    """The results workbook in the session's language."""
    with force_locale(materials.session.language):
        return _build(materials, zone)


def _yes(flag: bool) -> str:
    return _("yes") if flag else ""


def _build(materials: SessionMaterials, zone: dt.tzinfo) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    session = materials.session
    summary_sheet(workbook, materials)
    groups_by_id = {g.id: g for g in materials.groups}
    table_sheet(
        workbook,
        _("Participants"),
        participant_headers(),
        [
            [
                i,
                *participant_fields(p),
                _yes(p.is_leader),
                local_time(p.joined_at, zone),
            ]
            for i, p in enumerate(materials.participants, start=1)
        ],
        _("No participants have registered."),
    )
    section_titles = [s.title for s in materials.groups[0].sections] if materials.groups else []
    table_sheet(
        workbook,
        _("Groups"),
        [
            "№",
            _("Creative group"),
            _("Interaction model"),
            _("Group leader"),
            _("Members"),
            _("Sections filled in"),
            _("Average score") if materials.rating else _("Votes"),
            _("Comments"),
            *section_titles,
        ],
        [
            [
                i,
                g.name,
                g.model_title,
                g.leader.full_name if g.leader else "",
                len(g.members),
                f"{g.filled_sections} / {len(g.sections)}",
                _group_result(materials, g.id),
                len(materials.group_comments(g.id)),
                *[section_as_text(s) for s in g.sections],
            ]
            for i, g in enumerate(materials.groups, start=1)
        ],
        _("The session has no creative groups."),
    )
    _votes_sheet(workbook, materials, zone)
    _survey_sheet(workbook, materials, zone)
    table_sheet(
        workbook,
        _("Comments"),
        ["№", _("Interaction model"), _("Author"), _("Comment"), _("Supported by"), _("Time")],
        [
            [
                i,
                groups_by_id[c.group_id].model_title
                if c.group_id in groups_by_id
                else _("general"),
                c.author,
                c.text,
                c.upvotes,
                local_time(c.created_at, zone),
            ]
            for i, c in enumerate(materials.comments, start=1)
        ],
        _("No questions or comments."),
    )
    workbook.properties.title = clean_text(session.title)[:250]
    workbook.properties.creator = "Facilitator"
    buffer = io.BytesIO()
    for sheet in workbook.worksheets:
        set_up_printing(sheet)
    workbook.save(buffer)
    return buffer.getvalue()


def _group_result(materials: SessionMaterials, group_id: int) -> Value:
    """Dots a model got, or its average score when the models were rated."""
    if not materials.rating:
        return materials.group_votes(group_id)
    result = materials.model_result(group_id)
    return result.average if result else None


def _votes_sheet(workbook: Workbook, materials: SessionMaterials, zone: dt.tzinfo) -> None:
    """A row per ballot: a participant's dots on a model, or their scores of it."""
    groups_by_id = {g.id: g for g in materials.groups}

    def model(group_id: int) -> str:
        group = groups_by_id.get(group_id)
        return group.model_title if group else ""

    if materials.rating:
        criteria = materials.voting.criteria
        table_sheet(
            workbook,
            _("Votes"),
            ["№", _("Interaction model"), _("Creative group"), _("Voter"), *criteria, _("Time")],
            [
                [
                    i,
                    model(r.group_id),
                    materials.group_name(r.group_id),
                    r.voter,
                    *[r.scores.get(c) for c in criteria],
                    local_time(r.rated_at, zone),
                ]
                for i, r in enumerate(materials.voting.ratings, start=1)
            ],
            _("No scores."),
        )
        return
    table_sheet(
        workbook,
        _("Votes"),
        ["№", _("Interaction model"), _("Creative group"), _("Voter"), _("Votes"), _("Time")],
        [
            [
                i,
                model(v.group_id),
                materials.group_name(v.group_id),
                v.voter,
                v.points,
                local_time(v.cast_at, zone),
            ]
            for i, v in enumerate(materials.votes, start=1)
        ],
        _("No votes."),
    )


def _survey_sheet(workbook: Workbook, materials: SessionMaterials, zone: dt.tzinfo) -> None:
    """A row per response and a column per question; no names or times when anonymous."""
    survey = materials.survey
    questions = survey.questions
    who = [] if survey.anonymous else [_("Respondent"), _("Submitted")]
    rows = []
    for i, response in enumerate(survey.responses, start=1):
        known: list[Value] = (
            []
            if survey.anonymous
            else [response.respondent, local_time(response.submitted_at, zone)]
        )
        answers = [_answer(response.answers.get(q.key), q.kind) for q in questions]
        rows.append([i, *known, *answers])
    table_sheet(
        workbook,
        _("Survey"),
        ["№", *who, *[q.text for q in questions]],
        rows,
        _("No survey answers yet."),
    )


def _answer(value: object, kind: str = "") -> Value:
    if value is None:
        return None
    if kind == YES_NO and not isinstance(value, bool):
        return _("yes") if str(value).strip().lower() in YES_ANSWERS else _("no")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return value
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    text = str(value)
    return int(text) if text.strip().isdigit() and len(text.strip()) < 6 else text
