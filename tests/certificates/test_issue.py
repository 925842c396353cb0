"""Issuing certificates: to those who attended, with codes that survive re-issuing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from facilitator.accounts.models import Moderator
from facilitator.certificates import codes, issue
from facilitator.extensions import db
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.models import DesignSession, Participant
from tests.door_people import SCRIPT_NAME, pdf_text

PREFIX = "https://facilitator.example.org/c/"


def names(certificates) -> list[str]:
    return [c.full_name for c in certificates]


def test_certificates_go_to_exactly_those_who_attended(app, door):
    result = issue.issue(door.session)
    assert result.created == 4 and result.updated == 0
    assert names(result.certificates) == [
        SCRIPT_NAME,
        "Абрамов Пётр Ильич",
        "Ёлкина Ольга Викторовна",
        "Яковлева Анна Сергеевна",
    ]
    assert [c.hours for c in result.certificates] == [
        Decimal("3.0"),
        Decimal("1.5"),
        Decimal("2.5"),
        Decimal("3.0"),
    ]
    assert all(codes.normalise(c.code) == c.code for c in result.certificates)


def test_issuing_again_keeps_the_codes_and_updates_names_and_hours(app, door):
    first = {c.participant_id: c.code for c in issue.issue(door.session).certificates}
    person = door.attended[2]
    person.full_name = "Ёлкина-Петрова Ольга Викторовна"
    person.arrived_at = dt.datetime(2023, 3, 27, 8, 0, tzinfo=dt.UTC)  # 11.00 in Moscow
    db.session.commit()
    again = issue.issue(door.session)
    assert again.created == 0 and again.updated == 1
    assert {c.participant_id: c.code for c in again.certificates} == first
    updated = next(c for c in again.certificates if c.participant_id == person.id)
    assert updated.full_name == "Ёлкина-Петрова Ольга Викторовна"
    assert updated.hours == Decimal("3.0")


def test_someone_marked_present_later_gets_one_on_the_next_issue(app, door):
    issue.issue(door.session)
    absent = door.absent[0]
    absent.arrived_at = dt.datetime(2023, 3, 27, 9, 0, tzinfo=dt.UTC)
    db.session.commit()
    assert issue.issue(door.session).created == 1


def test_without_an_end_time_no_certificate_is_issued(app, door):
    door.session.ends_at = None
    db.session.commit()
    with pytest.raises(issue.CertificateError, match="время окончания"):
        issue.issue(door.session)


def test_a_revoked_certificate_is_left_out_of_the_files_and_can_be_restored(app, door):
    certificate = issue.issue(door.session).certificates[1]
    issue.revoke(certificate)
    assert certificate not in issue.valid(door.session)
    assert len(issue.one_per_file(door.session, PREFIX)) == 3
    issue.restore(certificate)
    assert certificate in issue.valid(door.session)


def test_the_certificate_pdf_shows_name_hours_signers_and_the_code(app, door, tmp_path):
    certificates = issue.issue(door.session).certificates
    abramov = certificates[1]
    text = pdf_text(issue.render(door.session, [abramov], PREFIX), tmp_path)
    flat = " ".join(text.split())
    assert "СЕРТИФИКАТ" in flat and "участника" in flat
    assert "Абрамов Пётр Ильич принял участие в дизайн-сессии" in flat
    assert "в объёме 1,5 часа" in flat
    assert "Неверова В. В., председатель комитета" in flat
    assert codes.grouped(abramov.code) in flat
    assert PREFIX + abramov.code in flat
    # What the person typed is printed literally.
    script = pdf_text(issue.render(door.session, [certificates[0]], PREFIX), tmp_path)
    assert "<script>alert(1)</script> {{7*7}} {name}" in " ".join(script.split())


def test_without_signers_or_moderators_no_signature_block_is_printed(app, door, tmp_path):
    """Not «Организатор» over an empty line: a certificate nobody signs names no signer."""
    door.session.moderators_note = ""
    door.session.certificate_signatures = ""
    db.session.commit()
    assert issue.signatures(door.session) == ()
    certificate = issue.issue(door.session).certificates[1]
    text = " ".join(pdf_text(issue.render(door.session, [certificate], PREFIX), tmp_path).split())
    assert "Организатор" not in text
    assert "Абрамов Пётр Ильич принял участие" in text


def test_the_combined_pdf_has_a_page_per_valid_certificate(app, door):
    issue.issue(door.session)
    data = issue.build_combined(door.session.id, PREFIX)
    assert len(PdfReader(io.BytesIO(data)).pages) == 4


def test_issuing_works_the_same_on_sqlite_and_postgresql(any_backend_app):
    owner = Moderator(email="owner@example.org", full_name="Владелец")
    owner.set_password("a long enough password")
    session = DesignSession(
        title="Сессия",
        date=dt.date(2023, 3, 27),
        starts_at=dt.time(11, 0),
        ends_at=dt.time(14, 0),
        owner=owner,
        join_code=new_join_code(),
        projector_token=new_projector_token(),
    )
    for number, hour in enumerate((8, 10)):  # 11.00 and 13.00 in Moscow
        session.participants.append(
            Participant(
                full_name=f"Участник {number}",
                organisation="ГБОУ",
                position="учитель",
                city="СПб",
                device_id=f"device-{number}",
                arrived_at=dt.datetime(2023, 3, 27, hour, 0, tzinfo=dt.UTC),
            )
        )
    db.session.add(session)
    db.session.commit()
    first = issue.issue(session)
    db.session.expire_all()
    again = issue.issue(session)
    assert again.created == 0 and again.updated == 0
    assert [c.hours for c in again.certificates] == [Decimal("3.0"), Decimal("1.0")]
    assert [c.code for c in again.certificates] == [c.code for c in first.certificates]
    assert issue.find(codes.grouped(first.certificates[1].code).lower()).full_name == "Участник 1"
