"""The results workbook reopened with openpyxl."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from openpyxl import load_workbook

from facilitator.materials.records import GroupRecord, ParticipantRecord, SessionMaterials
from facilitator.materials.workbook import build_workbook
from facilitator.text.sanitize import MAX_CELL_CHARS
from tests.materials.samples import demo_materials


def _open(app, materials):
    with app.test_request_context():
        return load_workbook(io.BytesIO(build_workbook(materials)))


def test_sheets_are_named_in_the_session_language(app):
    book = _open(app, demo_materials())
    assert book.sheetnames == ["Сводка", "Участники", "Группы", "Голоса", "Опрос", "Комментарии"]


def test_participants_sheet_has_a_styled_frozen_header_and_a_row_per_person(app):
    sheet = _open(app, demo_materials())["Участники"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "№",
        "ФИО",
        "Организация",
        "Должность",
        "Город или район",
        "E-mail",
        "Творческая группа",
        "Руководитель группы",
        "Зарегистрирован",
    ]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 24
    assert sheet.column_dimensions["B"].width >= 10
    assert sheet["H2"].value == "да"
    assert sheet["I2"].value.hour == 10  # 07:50 UTC is 10:50 in Moscow
    assert sheet.auto_filter.ref == "A1:I24"


def test_survey_sheet_has_a_row_per_response_and_a_column_per_question(app):
    sheet = _open(app, demo_materials())["Опрос"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["№", "Респондент", "Отправлена"]
    assert header[3:] == [
        "Было ли мероприятие интересно и полезно?",
        "Оцените форму проведения",
        "Оцените практическую значимость приобретённых знаний",
        "Какой формат вам ближе?",
        "Ваши пожелания",
    ]
    assert sheet.max_row == 12
    assert sheet["E2"].value == 5


def test_summary_counts_and_shares(app):
    sheet = _open(app, demo_materials())["Сводка"]
    values = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2, max_row=14)}
    assert values["Участники"] == 23
    assert values["Творческие группы"] == 5
    assert values["Отдано голосов"] == 19
    assert values["Заполнено анкет"] == 11
    shares = {r[0].value: r[3] for r in sheet.iter_rows() if r[3].value is not None}
    form = shares["Оцените форму проведения"]
    assert abs(form.value - 0.909) < 1e-9 and form.number_format == "0.0%"


def _row_of(sheet, first_cell: str):
    return next(row for row in sheet.iter_rows() if row[0].value == first_cell)


def test_summary_figures_stand_apart_under_their_headers(app):
    """Votes and place sat right- and left-aligned at one border and read «9 1»."""
    sheet = _open(app, demo_materials())["Сводка"]
    header = _row_of(sheet, "Модель взаимодействия")
    assert [c.value for c in header[:3]] == ["Модель взаимодействия", "Голоса", "Место"]
    leader = sheet.cell(row=header[0].row + 1, column=1).row
    votes, place = sheet.cell(row=leader, column=2), sheet.cell(row=leader, column=3)
    assert isinstance(votes.value, int) and place.value == 1  # a number, not the text «1»
    for cell in (header[1], header[2], votes, place):
        assert cell.alignment.horizontal == "center", cell.coordinate
    question = _row_of(sheet, "Вопрос")
    assert all(c.alignment.horizontal == "center" for c in question[1:5])
    answered = sheet.cell(row=question[0].row + 1, column=2)
    assert answered.alignment.horizontal == "center"
    # The facts' figures start where their texts do, beside the label.
    participants = _row_of(sheet, "Участники")
    assert participants[1].alignment.horizontal == "left"


def test_groups_sheet_has_each_section_as_a_column(app):
    sheet = _open(app, demo_materials())["Группы"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == [
        "№",
        "Творческая группа",
        "Модель взаимодействия",
        "Руководитель группы",
        "Участников",
        "Заполнено разделов",
        "Голоса",
        "Комментарии",
    ]
    assert "Алгоритм" in header
    assert sheet["C2"].value == "От идеи к профессиональному проекту"
    assert sheet["F2"].value == "16 / 16"
    stages = sheet.cell(row=2, column=header.index("Алгоритм") + 1).value
    assert (
        stages.split("\n")[0] == "Период: Период 1, модель 1; Этап: Этап 1, модель 1; "
        "Ожидаемые результаты: Ожидаемые результаты 1, модель 1"
    )


def test_formulas_from_participants_are_stored_as_text(app):
    materials = demo_materials()
    hostile = dataclasses.replace(
        materials.participants[0],
        full_name="=cmd|' /C calc'!A0",
        organisation="+79990001122",
        position="@SUM(A1:A2)",
        city="-1",
    )
    materials = dataclasses.replace(materials, participants=(hostile,))
    book = _open(app, materials)
    row = book["Участники"][2]
    assert row[1].value == "=cmd|' /C calc'!A0"
    assert row[1].data_type == "s"
    assert row[1].quotePrefix
    assert [c.value for c in row[2:5]] == ["+79990001122", "@SUM(A1:A2)", "-1"]
    assert all(c.data_type == "s" for c in row[1:5])


def test_control_characters_are_stripped_and_long_text_is_cut(app):
    materials = demo_materials()
    person = dataclasses.replace(
        materials.participants[0], full_name="Иван\x00ов\x0b", organisation="я" * 40_000
    )
    materials = dataclasses.replace(materials, participants=(person,))
    row = _open(app, materials)["Участники"][2]
    assert row[1].value == "Иванов"
    assert len(row[2].value) == MAX_CELL_CHARS


def test_an_empty_session_says_there_is_nothing(app):
    materials = SessionMaterials(session=demo_materials().session)
    book = _open(app, materials)
    assert book["Голоса"]["A2"].value == "Голосов нет."
    assert book["Опрос"]["A2"].value == "Ответов на анкету пока нет."
    assert book["Комментарии"]["A2"].value == "Вопросов и комментариев нет."
    assert book["Участники"]["A2"].value == "Участники не зарегистрированы."
    summary = [c.value for c in book["Сводка"]["A"]]
    assert "Ответов на анкету пока нет." in summary and "Голосов нет." in summary


def test_a_group_without_members_or_model_is_a_row_with_zeros(app):
    base = demo_materials()
    materials = dataclasses.replace(
        base,
        groups=(GroupRecord(id=7, position=0, name="Группа 7"),),
        votes=(),
        comments=(),
        participants=(
            ParticipantRecord(id=1, full_name="А", organisation="Б", position="В", city="Г"),
        ),
    )
    sheet = _open(app, materials)["Группы"]
    assert [c.value for c in sheet[2]][:8] == [1, "Группа 7", "Группа 7", None, 0, "0 / 0", 0, 0]


def test_every_sheet_prints_as_wide_as_a_page_with_its_header_row_repeated(app):
    book = _open(app, demo_materials())
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert book["Участники"].print_title_rows == "$1:$1"


def test_a_time_stored_without_a_zone_is_utc_and_shown_in_the_session_s_zone(app):
    materials = demo_materials()
    people = tuple(
        dataclasses.replace(p, joined_at=dt.datetime(2023, 3, 27, 7, 50))
        for p in materials.participants
    )
    sheet = _open(app, dataclasses.replace(materials, participants=people))["Участники"]
    assert sheet["I2"].value == dt.datetime(2023, 3, 27, 10, 50)


def test_rows_with_wrapped_text_are_as_high_as_their_lines(app):
    """LibreOffice prints a row at the height stored in the file: wrapped lines must fit in it."""
    book = _open(app, demo_materials())
    groups = book.worksheets[2]
    titles = [c for c in groups[2] if isinstance(c.value, str) and c.alignment.wrap_text]
    assert titles, "a long model title wraps"
    width = groups.column_dimensions[titles[0].column_letter].width
    assert groups.row_dimensions[2].height >= 15 * (len(titles[0].value) // width + 1)
    # A row of short values keeps the default height.
    assert book.worksheets[1].row_dimensions[2].height is None
