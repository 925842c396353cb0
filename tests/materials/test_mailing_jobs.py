"""Sending the group materials in the background: progress kept per recipient, never twice."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from facilitator.columns import utcnow
from facilitator.extensions import db
from facilitator.materials import mailing, mailing_jobs
from facilitator.materials.models import (
    MailingRecipient,
    MailingState,
    MaterialsMailing,
    RecipientState,
)
from tests.materials.real_session import build_real_session
from tests.materials.smtp import REFUSED, SENDER, free_port


@pytest.fixture
def real(app, make_session, make_participant, moderator):
    """A closed session: 12 participants, 10 with an e-mail."""
    return build_real_session(make_session, make_participant, moderator)


def finished(session, seconds: float = 30.0) -> mailing_jobs.Progress:
    """Wait for the session's latest mailing to stop running; its progress."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.rollback()  # see the background task's commits
        found = mailing_jobs.latest(session)
        if found is not None and found.state != MailingState.RUNNING:
            return mailing_jobs.progress(found)
        assert time.monotonic() < deadline, "the mailing did not finish"
        time.sleep(0.05)


def stored_mailing(session, moderator, states: list[str], *, beat_ago: dt.timedelta):
    """A mailing as a process left it: recipients in the given states, still 'running'."""
    people = mailing.audience(session).recipients
    row = MaterialsMailing(
        session_id=session.id,
        started_by_id=moderator.id,
        state=MailingState.RUNNING,
        heartbeat_at=utcnow() - beat_ago,
        recipients=[
            MailingRecipient(full_name=person.full_name, email=person.email, state=state)
            for person, state in zip(people, states, strict=False)
        ],
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_a_started_mailing_sends_in_the_background_and_keeps_each_outcome(
    real, smtp_server, moderator
):
    smtp_server.refuse.add(REFUSED)
    row = mailing_jobs.start(real.session, moderator)
    assert row.state == MailingState.RUNNING

    result = finished(real.session)

    assert result.state == MailingState.DONE
    assert (result.total, result.sent, result.failed, result.pending) == (10, 9, 1, 0)
    assert result.refused == ((REFUSED, "550 5.1.1 No such mailbox"),)
    assert result.without_email == 2
    assert len(smtp_server.messages) == 9
    assert not result.resumable


def test_a_second_start_while_one_runs_is_refused_and_sends_nothing(real, smtp_server, moderator):
    stored_mailing(real.session, moderator, [RecipientState.PENDING] * 10, beat_ago=dt.timedelta())
    with pytest.raises(mailing.MailingError, match="уже рассылаются"):
        mailing_jobs.start(real.session, moderator)
    assert db.session.query(MaterialsMailing).count() == 1
    assert smtp_server.messages == []


def test_a_mailing_whose_process_died_is_interrupted_and_the_rest_only_is_sent(
    real, smtp_server, moderator
):
    states = [RecipientState.SENT] * 4 + [RecipientState.FAILED] + [RecipientState.PENDING] * 5
    stored_mailing(real.session, moderator, states, beat_ago=dt.timedelta(minutes=10))

    stale = mailing_jobs.progress(mailing_jobs.latest(real.session))
    assert stale.state == MailingState.INTERRUPTED
    assert (stale.sent, stale.failed, stale.pending) == (4, 1, 5)
    assert stale.resumable

    mailing_jobs.resume(real.session, moderator)
    result = finished(real.session)

    assert result.state == MailingState.DONE
    assert (result.sent, result.failed, result.pending) == (9, 1, 0)
    got = sorted(to[0] for _sender, to in smtp_server.envelopes)
    assert got == sorted(person.email for person in mailing.audience(real.session).recipients[5:])


def test_an_unreachable_server_stops_the_mailing_with_everyone_left_to_send(real, app, moderator):
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_STARTTLS=False, MAIL_FROM=SENDER
    )
    mailing_jobs.start(real.session, moderator)

    result = finished(real.session)

    assert result.state == MailingState.STOPPED
    assert "Не удалось подключиться" in result.problem
    assert (result.sent, result.pending) == (0, 10)
    assert result.resumable


def test_nothing_is_started_before_the_session_closes_or_without_anyone_to_send_to(
    real, smtp_server, moderator
):
    real.session.phase = "survey"
    db.session.commit()
    with pytest.raises(mailing.MailingError, match="после завершения сессии"):
        mailing_jobs.start(real.session, moderator)
    real.session.phase = "closed"
    for person in real.people:
        person.email = None
    db.session.commit()
    with pytest.raises(mailing.MailingError, match="не указал e-mail"):
        mailing_jobs.start(real.session, moderator)
    assert db.session.query(MaterialsMailing).count() == 0
    with pytest.raises(mailing.MailingError):
        mailing_jobs.resume(real.session, moderator)


def test_a_new_start_after_an_interrupted_mailing_marks_it_and_sends_to_everyone(
    real, smtp_server, moderator
):
    states = [RecipientState.SENT] * 3 + [RecipientState.PENDING] * 7
    old = stored_mailing(real.session, moderator, states, beat_ago=dt.timedelta(hours=1))

    row = mailing_jobs.start(real.session, moderator)
    result = finished(real.session)

    assert row.id != old.id
    assert db.session.get(MaterialsMailing, old.id).state == MailingState.INTERRUPTED
    assert (result.id, result.sent, result.total) == (row.id, 10, 10)
    assert len(smtp_server.messages) == 10
