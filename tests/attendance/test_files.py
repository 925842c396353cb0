"""The attendance sheet (Word, PDF) and workbook list exactly who attended, with their hours."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from facilitator.attendance import files
from facilitator.attendance.roll import roll
from tests.door_people import SCRIPT_NAME, pdf_text

ORDER = [SCRIPT_NAME, "Абрамов Пётр Ильич", "Ёлкина Ольга Викторовна", "Яковлева Анна Сергеевна"]


def test_the_roll_holds_who_attended_sorted_by_name_with_ё_as_е(app, door):
    people = roll(door.session).people
    assert [p.participant.full_name for p in people] == ORDER
    assert [str(p.hours) for p in people] == ["3.0", "1.5", "2.5", "3.0"]


def test_the_sheet_is_a_table_for_signatures_with_a_repeating_header(app, door):
    document = Document(io.BytesIO(files.build(door.session.id, "sheet")))
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    assert "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ" in text
    assert "27 марта 2023 года" in text
    assert "ул. Победы, д. 4, актовый зал" in text
    assert "11.00–14.00" in text
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["№", "ФИО", "Организация", "Должность", "Подпись"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    body = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[1] for row in body] == ORDER
    assert [row[0] for row in body] == ["1", "2", "3", "4"]
    assert all(row[4] == "" for row in body)
    assert "Непришедшая" not in text + str(body) and "Опоздавший" not in str(body)
    # Literal text: the script and braces are kept as typed, not read as anything.
    assert body[0][1] == SCRIPT_NAME and body[0][2].startswith("=HYPERLINK(")


def test_the_sheet_pdf_lists_the_same_people(app, door, tmp_path):
    data = files.build(door.session.id, "sheet-pdf")
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    assert "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ" in text
    for name in ("Абрамов Пётр Ильич", "Ёлкина Ольга Викторовна", "Яковлева Анна Сергеевна"):
        assert name in text
    assert "<script>alert(1)</script>" in text
    assert "Непришедшая" not in text and "Опоздавший" not in text


def test_the_workbook_has_arrival_departure_hours_and_the_total(app, door):
    workbook = load_workbook(io.BytesIO(files.build(door.session.id, "workbook")))
    sheet = workbook["Посещаемость"]
    rows = list(sheet.iter_rows(values_only=True))
    # Neutral headers: «Пришёл»/«Ушёл» would address every woman on the list as a man.
    assert rows[0] == (
        "№",
        "ФИО",
        "Организация",
        "Должность",
        "Время прихода",
        "Время ухода",
        "Часы",
    )
    assert [r[1] for r in rows[1:5]] == ORDER
    assert [r[6] for r in rows[1:5]] == [3.0, 1.5, 2.5, 3.0]
    abramov = rows[2]
    assert abramov[4].strftime("%H:%M") == "12:10" and abramov[5].strftime("%H:%M") == "13:30"
    assert rows[5][1] == "Итого: 4 чел." and rows[5][6] == 10.0
    assert len(rows) == 6
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    # A would-be formula stays text.
    assert sheet.cell(row=2, column=3).data_type == "s"
