"""participants.csv opens correctly in Russian Excel."""

from __future__ import annotations

import csv
import dataclasses
import io

from facilitator.materials.participants_csv import build_participants_csv
from tests.materials.samples import demo_materials


def _build(app, materials) -> bytes:
    with app.test_request_context():
        return build_participants_csv(materials)


def test_csv_has_a_bom_semicolons_crlf_and_cyrillic(app):
    data = _build(app, demo_materials())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:3] == ["№", "ФИО", "Организация"]
    assert len(rows) == 24
    assert rows[1][6] == "Группа 1"
    assert rows[1][8] == "27.03.2023 10:50"


def test_formula_cells_get_a_leading_apostrophe_and_separators_are_quoted(app):
    materials = demo_materials()
    person = dataclasses.replace(
        materials.participants[0],
        full_name="=cmd|' /C calc'!A0",
        organisation="ООО «Рога; и копыта»",
        position="@SUM(1)",
        city="Казань\x00",
    )
    text = _build(app, dataclasses.replace(materials, participants=(person,))).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1]
    assert row[1] == "'=cmd|' /C calc'!A0"
    assert row[2] == "ООО «Рога; и копыта»"
    assert row[3] == "'@SUM(1)"
    assert row[4] == "Казань"


def test_an_empty_session_has_just_the_header(app):
    materials = dataclasses.replace(demo_materials(), participants=())
    text = _build(app, materials).decode("utf-8-sig")
    assert text.count("\r\n") == 1
