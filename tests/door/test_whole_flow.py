"""The door from the file to the certificates, through the app's pages only."""

from __future__ import annotations

import datetime as dt
import io
import random
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest

from facilitator.certificates.models import Certificate
from facilitator.extensions import db
from tests.door.conftest import import_file, people

JSON = {"Accept": "application/json"}


@pytest.fixture
def session(make_session):
    """A session that runs all of today (Moscow time), so arrivals now fall inside it."""
    today = dt.datetime.now(ZoneInfo("Europe/Moscow")).date()
    return make_session(
        groups=2,
        capacity=120,
        date=today,
        starts_at=dt.time(0, 0),
        ends_at=dt.time(23, 59),
    )


def names_in_workbook(data: bytes) -> set[str]:
    """Every cell text of the attendance workbook's sheets."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def names_in_sheet(data: bytes) -> set[str]:
    """Every table cell text of the attendance sheet for signatures."""
    document = docx.Document(io.BytesIO(data))
    return {cell.text for table in document.tables for row in table.rows for cell in row.cells}


def test_imported_people_checked_in_get_listed_with_hours_and_verifiable_certificates(
    app, moderator_client, client, session
):
    app.config["CERTIFICATE_CHECKS_PER_MINUTE"] = 1000
    base = f"/sessions/{session.id}"
    assert import_file(moderator_client, session).status_code == 302
    everyone = people(session)
    assert len(everyone) == 195  # 200 rows, 3 duplicates and 2 invalid ones left out

    came = random.Random(7).sample(everyone, 150)
    for index, person in enumerate(came):
        if index % 2:
            found = moderator_client.get(
                f"{base}/door/checkin/search", query_string={"q": person.full_name}, headers=JSON
            ).get_json()["people"]
            target = next(p for p in found if p["full_name"] == person.full_name)
            answer = moderator_client.post(f"{base}/door/checkin/{target['id']}", headers=JSON)
        else:
            answer = moderator_client.post(
                f"{base}/door/checkin/link", data={"link": person.invite_token}, headers=JSON
            )
        assert answer.status_code == 200 and answer.get_json()["ok"]
    came_names = {person.full_name for person in came}
    stayed_away = {person.full_name for person in everyone} - came_names

    workbook = moderator_client.get(f"{base}/attendance/download/workbook")
    assert workbook.status_code == 200
    listed = names_in_workbook(workbook.data)
    assert came_names <= listed and not (stayed_away & listed)

    sheet = moderator_client.get(f"{base}/attendance/download/sheet")
    assert sheet.status_code == 200
    signed = names_in_sheet(sheet.data)
    assert came_names <= signed and not (stayed_away & signed)

    assert moderator_client.post(f"{base}/certificates/issue").status_code == 302
    db.session.expire_all()
    certificates = list(db.session.scalars(db.select(Certificate).filter_by(session_id=session.id)))
    assert {c.full_name for c in certificates} == came_names
    assert all(c.hours > 0 for c in certificates)
    for certificate in certificates:
        page = client.get(f"/c/{certificate.code}")
        assert page.status_code == 200
        assert certificate.full_name in page.get_data(as_text=True)
    assert client.get("/c/ABCD-EFGH-JKMN").status_code == 404
