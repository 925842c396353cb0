"""E-mailing the certificates: the materials' mailing machinery, each person's own PDF."""

from __future__ import annotations

import io
import time

from pypdf import PdfReader

from facilitator.certificates import codes, issue
from facilitator.certificates.mail import CERTIFICATES
from facilitator.extensions import db
from facilitator.materials import mailing, mailing_jobs
from facilitator.materials.models import MailingState
from tests.door_people import at
from tests.materials.smtp import smtp_server  # noqa: F401  (a fixture)


def finished(session, seconds: float = 60.0) -> mailing_jobs.Progress:
    """Wait for the session's latest certificates mailing to stop running."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.rollback()  # see the background task's commits
        found = mailing_jobs.latest(session, kind=CERTIFICATES.key)
        if found is not None and found.state != MailingState.RUNNING:
            return mailing_jobs.progress(found)
        assert time.monotonic() < deadline, "the mailing did not finish"
        time.sleep(0.05)


def test_each_person_gets_their_own_certificate(app, door, smtp_server, moderator):  # noqa: F811
    certificates = issue.issue(door.session).certificates
    revoked = next(c for c in certificates if c.full_name.startswith("Абрамов"))
    issue.revoke(revoked)
    by_email = {c.participant.email: c for c in certificates if c.is_valid and c.participant.email}
    assert set(by_email) == {"anna@example.org", "script@example.org"}

    mailing_jobs.start(door.session, moderator, CERTIFICATES)
    result = finished(door.session)

    assert (result.total, result.sent, result.failed) == (2, 2, 0)
    assert result.without_email == 1  # Ёлкина gave no address
    assert mailing_jobs.latest(door.session) is None  # the group materials' mailings are apart
    assert len(smtp_server.messages) == 2
    for message in smtp_server.messages:
        address = message["To"].addresses[0].addr_spec
        certificate = by_email[address]
        assert message["Subject"].startswith("Сертификат участника: Модели взаимодействия")
        attachments = list(message.iter_attachments())
        assert len(attachments) == 1
        assert attachments[0].get_filename() == issue.filename(door.session, certificate)
        pdf = PdfReader(io.BytesIO(attachments[0].get_content()))
        text = " ".join(pdf.pages[0].extract_text().split())
        assert codes.grouped(certificate.code) in text
        assert f"http://localhost/c/{certificate.code}" in text


def test_the_certificates_page_shows_who_would_get_one(moderator_client, door):
    issue.issue(door.session)
    page = moderator_client.get(f"/sessions/{door.session.id}/certificates").get_data(as_text=True)
    assert "3 адреса для рассылки" in page
    assert "1 участник не указал e-mail" in page


def test_the_audience_is_one_message_per_certificate_even_on_a_shared_address(
    app, door, make_participant
):
    make_participant(
        door.session,
        full_name="Яковлев Игорь Петрович",
        email="anna@example.org",
        arrived_at=at(11),
    )
    issue.issue(door.session)
    people = mailing.readiness(door.session, CERTIFICATES).audience.recipients
    assert [p.email for p in people].count("anna@example.org") == 2


def test_a_stored_mailing_of_a_kind_this_server_lacks_stops_with_a_reason(
    app,
    door,
    smtp_server,  # noqa: F811
    moderator,
):
    issue.issue(door.session)
    row = mailing_jobs.start(door.session, moderator, CERTIFICATES)
    finished(door.session)
    row.kind, row.state = "postcards", MailingState.RUNNING
    for recipient in row.recipients:
        recipient.state = "pending"
    db.session.commit()
    sent_before = len(smtp_server.messages)
    mailing_jobs.run(app, row.id)
    db.session.rollback()
    assert row.state == MailingState.STOPPED
    assert row.problem == "Этот сервер не умеет отправлять такую рассылку."
    assert len(smtp_server.messages) == sent_before
