"""The results workbook: summary, participants, groups, votes, survey and comments sheets."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from facilitator.materials.facts import model_summary
from facilitator.materials.records import (
    YES_ANSWERS,
    YES_NO,
    ParticipantRecord,
    SectionContent,
    SessionMaterials,
)
from facilitator.materials.row_heights import fit_row_heights
from facilitator.materials.survey import respondents, summarise
from facilitator.text.geography import count_organisations
from facilitator.text.numbers import share
from facilitator.text.sanitize import clean_text, looks_like_formula, truncate_for_cell

DEFAULT_TIMEZONE = ZoneInfo("Europe/Moscow")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5FBF")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MAX_WIDTH, MIN_WIDTH = 60, 6
#: Rows looked at when sizing columns; enough to judge, cheap for big sessions
SIZING_ROWS = 300

Value = str | int | float | dt.datetime | dt.date | None


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
    _summary(workbook, materials)
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


def _summary(workbook: Workbook, materials: SessionMaterials) -> None:
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
        if isinstance(value, dt.date):
            cell.number_format = "DD.MM.YYYY"
            cell.alignment = Alignment(horizontal="left", vertical="top")
    row = len(facts) + 3
    put(sheet, row, 1, _("Survey: share of top answers")).font = Font(bold=True, size=12)
    row += 1
    headers = [_("Question"), _("Answered"), _("Top answers"), _("Share, %"), _("Average")]
    for column, title in enumerate(headers, start=1):
        cell = put(sheet, row, column, title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    summaries = [s for s in summarise(materials.survey) if s.is_closed]
    if not summaries or not respondents(materials.survey):
        row += 1
        put(sheet, row, 1, _("No survey answers yet.")).font = Font(italic=True, color="5B6472")
    for summary in summaries:
        row += 1
        put(sheet, row, 1, summary.question.text)
        put(sheet, row, 2, summary.answered)
        put(sheet, row, 3, summary.top)
        put(
            sheet, row, 4, float(share(summary.top, summary.answered) or 0) / 100
        ).number_format = "0.0%"
        if summary.average is not None:
            put(sheet, row, 5, float(summary.average)).number_format = "0.00"
    row += 2
    put(sheet, row, 1, _("Voting")).font = Font(bold=True, size=12)
    row += 1
    result_title = _("Average score") if materials.rating else _("Votes")
    headers = [_("Interaction model"), result_title, _("Place"), _("Idea")]
    for column, title in enumerate(headers, start=1):
        cell = put(sheet, row, column, title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
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
                    put(sheet, row, 2, result.average).number_format = "0.00"
            else:
                put(sheet, row, 2, result.dots)
            put(sheet, row, 3, result.place_label)
            put(sheet, row, 4, model_summary(group))
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 40
    sheet.column_dimensions["E"].width = 12
    sheet.freeze_panes = "A2"
