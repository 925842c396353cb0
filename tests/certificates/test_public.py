"""The public check page: a real code shows the certificate's facts and nothing more."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from facilitator.certificates import codes, issue
from facilitator.extensions import db
from facilitator.sessions.models import Participant
from tests.door_people import SCRIPT_NAME


@pytest.fixture
def generous(app):
    """Enough checks per minute for a test that checks many codes."""
    app.config["CERTIFICATE_CHECKS_PER_MINUTE"] = 10_000
    return app


def test_150_certificates_all_verify_and_an_invented_code_does_not(generous, client, make_session):
    session = make_session(phase="closed")
    db.session.add_all(
        Participant(
            session=session,
            full_name=f"Участник Номер {index:03d}",
            organisation="ГБОУ СОШ № 496",
            position="учитель",
            city="СПб",
            device_id=f"device-{index}",
            arrived_at=dt.datetime(2023, 3, 27, 8, 0, tzinfo=dt.UTC),
        )
        for index in range(150)
    )
    db.session.commit()
    certificates = issue.issue(session).certificates
    assert len(certificates) == 150
    assert len({c.code for c in certificates}) == 150
    for certificate in certificates:
        page = client.get(f"/c/{codes.grouped(certificate.code)}")
        assert page.status_code == 200
        assert certificate.full_name in page.get_data(as_text=True)
    taken = {c.code for c in certificates}
    invented = next(code for code in (codes.new_code() for _ in range(10)) if code not in taken)
    missing = client.get(f"/c/{invented}")
    assert missing.status_code == 404
    assert "Сертификат не найден" in missing.get_data(as_text=True)


def test_the_page_shows_the_facts_and_nothing_else(generous, client, door):
    certificate = next(
        c for c in issue.issue(door.session).certificates if c.full_name.startswith("Абрамов")
    )
    page = client.get(f"/c/{certificate.code}").get_data(as_text=True)
    assert "Абрамов Пётр Ильич" in page
    assert "Модели взаимодействия школы с социальными партнёрами" in page
    assert "27\u00a0марта 2023\u00a0года" in page
    assert "1,5\u00a0часа" in page
    assert "Действителен" in page
    for private in ("ИМЦ Московского района", "petr@example.org", "+7 900 000-00-00", "учитель"):
        assert private not in page


def test_a_code_is_found_however_it_is_typed(generous, client, door):
    code = issue.issue(door.session).certificates[0].code
    typed = " ".join(codes.grouped(code).lower().split("-"))
    assert client.get(f"/c/{typed}").status_code == 200
    assert client.get(f"/c?code={typed}").status_code == 302


def test_the_lookup_form_explains_a_code_that_cannot_be_one(generous, client):
    assert client.get("/c").status_code == 200
    page = client.get("/c?code=hello")
    assert page.status_code == 404
    assert "двенадцати" in page.get_data(as_text=True)


def test_a_revoked_certificate_says_so(generous, client, door):
    certificate = issue.issue(door.session).certificates[1]
    issue.revoke(certificate)
    page = client.get(f"/c/{certificate.code}").get_data(as_text=True)
    assert "Отозван" in page and "Действителен" not in page


def test_a_name_with_markup_is_escaped_on_the_page(generous, client, door):
    certificate = next(
        c for c in issue.issue(door.session).certificates if c.full_name == SCRIPT_NAME
    )
    page = client.get(f"/c/{certificate.code}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert html.escape(SCRIPT_NAME, quote=False) in page
    assert "{{7*7}}" in page and ">49<" not in page


def test_guessing_many_codes_is_rate_limited(app, client):
    app.config["CERTIFICATE_CHECKS_PER_MINUTE"] = 3
    statuses = [client.get(f"/c/{codes.new_code()}").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
