"""Attendance and certificates pages: who may use them, and what each action does."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from flask_babel import refresh
from openpyxl import load_workbook
from pypdf import PdfReader

from facilitator.certificates import issue
from facilitator.certificates.models import Certificate
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession

# (method, URL pattern); {s} session, {p} participant, {c} certificate
ROUTES = [
    ("GET", "/sessions/{s}/attendance"),
    ("POST", "/sessions/{s}/attendance/{p}/times"),
    ("POST", "/sessions/{s}/attendance/{p}/present"),
    ("GET", "/sessions/{s}/attendance/download/sheet"),
    ("GET", "/sessions/{s}/certificates"),
    ("POST", "/sessions/{s}/certificates/issue"),
    ("POST", "/sessions/{s}/certificates/wording"),
    ("GET", "/sessions/{s}/certificates/preview"),
    ("GET", "/sessions/{s}/certificates/download"),
    ("GET", "/sessions/{s}/certificates/download/zip"),
    ("GET", "/sessions/{s}/certificates/{c}/download"),
    ("POST", "/sessions/{s}/certificates/{c}/revoke"),
    ("POST", "/sessions/{s}/certificates/{c}/restore"),
    ("POST", "/sessions/{s}/certificates/send"),
    ("POST", "/sessions/{s}/certificates/send/rest"),
    ("GET", "/sessions/{s}/certificates/sending"),
]
DATA = {"arrived": "9:00", "left": "10:00", "wording": "Взлом {name}", "signatures": "Взлом"}


@pytest.fixture
def ids(door):
    """The door session with its certificates issued, and the URL placeholders."""
    certificates = issue.issue(door.session).certificates
    return {"s": door.session.id, "p": door.absent[0].id, "c": certificates[0].id}


def snapshot(door) -> tuple:
    db.session.expire_all()
    session = db.session.get(DesignSession, door.session.id)
    return (
        session.certificate_wording,
        session.certificate_signatures,
        [(p.id, p.arrived_at, p.left_at) for p in session.participants],
        [(c.id, c.code, c.revoked_at) for c in db.session.query(Certificate).all()],
    )


def test_every_moderator_route_of_these_pages_is_in_the_matrix(app):
    patterns = {
        re.sub(r"<(?:int:)?(\w+)>", "<>", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in ("attendance", "certificates")
    }
    listed = {re.sub(r"\{\w\}|sheet$", "<>", pattern) for _method, pattern in ROUTES}
    assert patterns == listed


@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(client, door, ids, method, pattern):
    before = snapshot(door)
    response = client.open(pattern.format(**ids), method=method, data=DATA)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert snapshot(door) == before


@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_a_participant_of_the_session_is_sent_to_log_in(client, door, ids, method, pattern):
    client.set_cookie("facilitator_device", door.attended[0].device_id, domain="localhost")
    before = snapshot(door)
    response = client.open(pattern.format(**ids), method=method, data=DATA)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert snapshot(door) == before


@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_a_moderator_of_another_session_gets_404_and_changes_nothing(
    client, door, ids, make_moderator, login, method, pattern
):
    login(make_moderator())
    before = snapshot(door)
    response = client.open(pattern.format(**ids), method=method, data=DATA)
    assert response.status_code == 404
    assert snapshot(door) == before


def test_a_participant_of_another_session_is_404_even_through_my_session(
    moderator_client, door, make_session, make_participant
):
    other = make_participant(make_session())
    response = moderator_client.post(f"/sessions/{door.session.id}/attendance/{other.id}/present")
    assert response.status_code == 404


def test_the_attendance_page_lists_everyone_and_links_the_files(moderator_client, door):
    page = moderator_client.get(f"/sessions/{door.session.id}/attendance").get_data(as_text=True)
    assert "4 человека присутствовали" in page and "6 зарегистрировано" in page
    assert "Всего часов: 10" in page
    assert "Непришедшая Вера Павловна" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    for key in ("sheet", "sheet-pdf", "workbook"):
        assert f"/attendance/download/{key}" in page


def test_the_participants_and_materials_pages_link_here(moderator_client, door):
    for path in ("participants", "materials"):
        page = moderator_client.get(f"/sessions/{door.session.id}/{path}").get_data(as_text=True)
        assert f"/sessions/{door.session.id}/attendance" in page
        assert f"/sessions/{door.session.id}/certificates" in page


def test_the_attendance_downloads_open(moderator_client, door):
    base = f"/sessions/{door.session.id}/attendance/download"
    sheet = moderator_client.get(f"{base}/sheet")
    assert "attendance-sheet-2023-03-27.docx" in sheet.headers["Content-Disposition"]
    assert len(Document(io.BytesIO(sheet.get_data())).tables[0].rows) == 5
    pdf = moderator_client.get(f"{base}/sheet-pdf").get_data()
    assert pdf.startswith(b"%PDF-")
    book = load_workbook(io.BytesIO(moderator_client.get(f"{base}/workbook").get_data()))
    assert book["Посещаемость"].max_row == 6
    assert moderator_client.get(f"{base}/secrets").status_code == 404


def test_marking_present_and_recording_times(moderator_client, door):
    person = door.absent[0]
    base = f"/sessions/{door.session.id}/attendance/{person.id}"
    response = moderator_client.post(f"{base}/present", follow_redirects=True)
    assert "Непришедшая Вера Павловна отмечен(а)" in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.arrived_at is not None
    response = moderator_client.post(
        f"{base}/times", data={"arrived": "12.00", "left": "13:30"}, follow_redirects=True
    )
    assert response.status_code == 200
    db.session.refresh(person)
    assert person.arrived_at.strftime("%H:%M") == "09:00"  # 12.00 in Moscow, kept in UTC
    assert person.left_at.strftime("%H:%M") == "10:30"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"arrived": "25:00", "left": ""}, "Укажите время в часах и минутах"),
        ({"arrived": "в обед", "left": ""}, "Укажите время в часах и минутах"),
        ({"arrived": "13:00", "left": "12:00"}, "Время ухода должно быть позже"),
    ],
)
def test_a_wrong_time_is_refused_next_to_the_row(moderator_client, door, data, message):
    person = door.attended[1]
    before = (person.arrived_at, person.left_at)
    response = moderator_client.post(
        f"/sessions/{door.session.id}/attendance/{person.id}/times", data=data
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="error-{person.id}"' in page and message in page
    db.session.expire_all()
    assert (person.arrived_at, person.left_at) == before


def test_issuing_from_the_page_and_revoking_with_confirmation(moderator_client, door):
    base = f"/sessions/{door.session.id}/certificates"
    response = moderator_client.post(f"{base}/issue", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "4 сертификата выдано" in page
    certificate = issue.issued(door.session)[1]
    assert f'action="{base}/{certificate.id}/revoke"' in page
    form = re.search(rf'<form[^>]*{base}/{certificate.id}/revoke"[^>]*>', page).group(0)
    assert "data-confirm=" in form and "Отозвать сертификат" in form
    moderator_client.post(f"{base}/{certificate.id}/revoke")
    db.session.refresh(certificate)
    assert certificate.revoked_at is not None
    moderator_client.post(f"{base}/{certificate.id}/restore")
    db.session.refresh(certificate)
    assert certificate.revoked_at is None


def test_issuing_when_nobody_attended_says_why_nothing_was_issued(moderator_client, make_session):
    session = make_session()
    response = moderator_client.post(
        f"/sessions/{session.id}/certificates/issue", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Пока никто не присутствовал" in page and "flash-warning" in page
    assert "обновлено" not in page  # not the «0 issued; 0 brought up to date» of before
    assert issue.issued(session) == []


def test_a_wrong_wording_is_shown_next_to_the_field_and_nothing_is_saved(moderator_client, door):
    response = moderator_client.post(
        f"/sessions/{door.session.id}/certificates/wording",
        data={"wording": "Выдан {fio} за участие", "signatures": ""},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="wording-error"' in page and "Неизвестные подстановки: {fio}." in page
    db.session.expire_all()
    assert door.session.certificate_wording == ""


def test_a_saved_wording_is_used_in_the_preview(moderator_client, door):
    base = f"/sessions/{door.session.id}/certificates"
    response = moderator_client.post(
        f"{base}/wording",
        data={"wording": "Выдан {name_dative} за участие", "signatures": "Директор, Иванов И. И."},
    )
    assert response.status_code == 302
    preview = moderator_client.get(f"{base}/preview")
    assert preview.mimetype == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(preview.get_data())).pages[0].extract_text().split())
    assert "Выдан" in text and "Директор, Иванов И. И." in text


def test_the_certificate_downloads(moderator_client, door, ids):
    base = f"/sessions/{door.session.id}/certificates"
    combined = moderator_client.get(f"{base}/download")
    assert "certificates-2023-03-27.pdf" in combined.headers["Content-Disposition"]
    assert len(PdfReader(io.BytesIO(combined.get_data())).pages) == 4
    archive = zipfile.ZipFile(io.BytesIO(moderator_client.get(f"{base}/download/zip").get_data()))
    assert len(archive.namelist()) == 4
    one = moderator_client.get(f"{base}/{ids['c']}/download")
    assert len(PdfReader(io.BytesIO(one.get_data())).pages) == 1


def test_the_page_warns_before_issuing_when_nobody_would_sign(moderator_client, door):
    """No signers and no moderators: the certificates would print unsigned, so say so."""
    door.session.moderators_note = ""
    door.session.certificate_signatures = ""
    db.session.commit()
    base = f"/sessions/{door.session.id}/certificates"
    page = moderator_client.get(base).get_data(as_text=True)
    assert 'id="certificates-unsigned"' in page
    assert "без подписей" in page and 'href="#signatures"' in page
    refresh()  # the test's app context keeps the language of the last page
    english = moderator_client.get(f"{base}?lang=en").get_data(as_text=True)
    assert "they will print without signatures" in english
    refresh()
    moderator_client.set_cookie("facilitator_lang", "ru")
    door.session.certificate_signatures = "Директор ГБОУ СОШ № 496, Иванов И. И."
    db.session.commit()
    assert 'id="certificates-unsigned"' not in moderator_client.get(base).get_data(as_text=True)
