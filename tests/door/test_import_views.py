"""The pre-registration import through its pages: upload, preview, all-or-nothing import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitator.door import invitations, reading, uploads
from facilitator.sessions.models import CreativeGroup
from tests.door import samples
from tests.door.conftest import expected_count, import_file, people, preview_url, upload


@pytest.fixture
def client_in(moderator_client):
    return moderator_client


def problem_rows(page: str) -> list[tuple[int, str]]:
    """(line, reason) of each row the preview leaves out."""
    body = page.split('<table class="problems">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<tr class="problem-(\w+)"><td>(\d+)</td><td>.*?</td>\s*<td>(.*?)</td>', body, re.S
    )
    return [
        (int(line), f"{kind}: {re.sub(r'<[^>]+>', '', reason).strip()}")
        for kind, line, reason in rows
    ]


def test_the_preview_lists_exactly_the_three_duplicates_and_two_invalid_rows_with_reasons(
    client_in, session
):
    response = client_in.get(preview_url(upload(client_in, session, samples.xlsx())))
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "195 people will be imported" in page
    assert expected_count(page) == "195"
    found = problem_rows(page)
    assert [line for line, _reason in found] == [197, 198, 199, 200, 201]
    reasons = dict(found)
    assert reasons[197].startswith("duplicate") and "line 6" in reasons[197]
    assert reasons[198].startswith("duplicate") and "line 8" in reasons[198]
    assert reasons[199].startswith("duplicate") and "line 10" in reasons[199]
    assert reasons[200].startswith("invalid") and "no name" in reasons[200]
    assert reasons[201].startswith("invalid") and "ivanova@" in reasons[201]
    assert people(session) == []  # a preview saves nothing


def test_the_preview_shows_the_guessed_columns_and_ignores_the_timestamp(client_in, session):
    page = client_in.get(preview_url(upload(client_in, session, samples.xlsx()))).get_data(
        as_text=True
    )
    selected = re.findall(
        r'<select name="column-(\d+)".*?<option value="(\w*)" selected', page, re.S
    )
    assert [value for _column, value in selected] == [
        "",
        "full_name",
        "organisation",
        "position",
        "city",
        "email",
        "phone",
        "group",
        "",
    ]


def test_confirming_imports_195_expected_people_with_personal_links_and_removes_the_file(
    client_in, session, app
):
    response = import_file(client_in, session)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{session.id}/participants")
    saved = people(session)
    assert len(saved) == 195
    assert {p.source for p in saved} == {"import"}
    assert all(
        p.device_id is None and p.consented_at is None and p.arrived_at is None for p in saved
    )
    tokens = {p.invite_token for p in saved}
    assert len(tokens) == 195 and all(invitations.TOKEN_PATTERN.match(t) for t in tokens)
    one = next(p for p in saved if p.full_name.endswith(" 12"))
    assert one.organisation == "ГБОУ СОШ № 412 Московского района"
    assert one.email == "person12@school.example.org" and one.phone == "+7 (921) 555-0012"
    assert list((Path(app.instance_path) / uploads.FOLDER).glob("*.bin")) == []
    roster = client_in.get(f"/sessions/{session.id}/participants").get_data(as_text=True)
    assert "195" in roster


def test_the_group_column_fills_existing_groups_by_number_and_creates_the_others(
    client_in, session
):
    import_file(client_in, session)

    groups = {g.name: len(g.members) for g in CreativeGroup.query.filter_by(session_id=session.id)}
    assert groups == {
        "Группа 1": 39,
        "Группа 2": 39,
        "Группа 3": 39,
        "Группа 4": 39,
        "Группа 5": 39,
    }


def test_an_import_failing_midway_saves_nobody_and_no_group(client_in, session, monkeypatch):
    made = []
    real_token = invitations.new_token

    def failing_token() -> str:
        made.append(1)
        if len(made) == 120:
            raise RuntimeError("disk full")
        return real_token()

    monkeypatch.setattr(invitations, "new_token", failing_token)
    response = import_file(client_in, session)

    assert response.status_code == 503
    assert "nothing was saved" in response.get_data(as_text=True)
    assert len(made) == 120
    assert people(session) == []
    assert CreativeGroup.query.filter_by(session_id=session.id).count() == 2


def test_people_already_in_the_session_are_reported_not_imported_again(
    client_in, session, make_participant
):
    existing = samples.person(5)
    make_participant(session, full_name=existing[1], organisation=existing[2])
    page = client_in.get(preview_url(upload(client_in, session, samples.xlsx()))).get_data(
        as_text=True
    )
    assert expected_count(page) == "194"
    assert f"already in the session: {existing[1]}" in page


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ";"), ("utf-8", ","), ("cp1251", ";"), ("utf-8", "\t")],
)
def test_csv_in_any_usual_encoding_and_delimiter_is_understood(
    client_in, session, encoding, delimiter
):
    rows = [
        ["Фамилия", "Имя", "Отчество", "Место работы", "Email Address", "Город"],
        ["Щукина", "Алёна", "Петровна", "МБОУ «Лицей № 1»", "a@example.org", "Тула"],
        ["Орлов", "Пётр", "", "ГБОУ СОШ № 2", "", "Тула"],
    ]
    data = samples.csv_text(rows, delimiter).encode(encoding)
    response = import_file(client_in, session, data)
    assert response.status_code == 302
    assert sorted((p.full_name, p.organisation) for p in people(session)) == [
        ("Орлов Пётр", "ГБОУ СОШ № 2"),
        ("Щукина Алёна Петровна", "МБОУ «Лицей № 1»"),
    ]


def test_the_moderator_may_correct_a_column_before_importing(client_in, session):
    rows = [["Участник мероприятия", "Школа"], ["Иванова Мария", "Лицей 1"]]
    url = preview_url(upload(client_in, session, samples.csv_text(rows).encode()))
    page = client_in.get(url).get_data(as_text=True)
    assert "Choose the column with the full name" in page

    page = client_in.post(
        url, data={"action": "preview", "column-0": "full_name", "column-1": "organisation"}
    ).get_data(as_text=True)
    assert expected_count(page) == "1"
    response = client_in.post(
        url,
        data={
            "action": "import",
            "column-0": "full_name",
            "column-1": "organisation",
            "expected": "1",
        },
    )
    assert response.status_code == 302
    assert [(p.full_name, p.organisation) for p in people(session)] == [
        ("Иванова Мария", "Лицей 1")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04not really a workbook", "cannot be opened"),
        (b"\x00\x01\x02" * 10, "does not look like"),
        (b"x" * 4097, "too large"),
    ],
)
def test_an_unreadable_file_is_refused_next_to_the_field(
    client_in, session, data, message, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_BYTES", 4096)  # the real limit is 5 MB
    response = upload(client_in, session, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_an_unknown_or_foreign_upload_id_sends_back_to_the_upload_page(
    client_in, session, make_session
):
    url = preview_url(upload(client_in, session, samples.xlsx()))
    other = make_session()
    foreign = url.replace(f"/sessions/{session.id}/", f"/sessions/{other.id}/")
    assert client_in.get(foreign).status_code == 302
    assert client_in.get(f"/sessions/{session.id}/door/import/..%2F..%2Fetc").status_code in (
        302,
        404,
    )


def test_cancelling_removes_the_file_and_saves_nothing(client_in, session, app):
    url = preview_url(upload(client_in, session, samples.xlsx()))
    response = client_in.post(url, data={"action": "cancel"})
    assert response.status_code == 302
    assert people(session) == []
    assert list((Path(app.instance_path) / uploads.FOLDER).glob("*.bin")) == []
