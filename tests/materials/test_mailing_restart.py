"""A stopping server pauses its mailings; the next start sends the rest, never anyone twice."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.extensions import db
from facilitator.materials import mailing, mailing_jobs
from facilitator.materials.models import MailingState, RecipientState
from tests.materials.smtp import REFUSED
from tests.materials.test_mailing_jobs import finished, real, stored_mailing  # noqa: F401
from tests.ops.conftest import TOKEN
from tests.ops.test_metrics import sample, scrape


@pytest.fixture
def stopping():
    """This process is stopping; it is serving again after the test."""
    mailing_jobs._stopping.set()
    yield
    mailing_jobs._stopping.clear()


def pause(session, moderator, states):
    """A mailing a stopping server left paused, recipients in the given states."""
    row = stored_mailing(session, moderator, states, beat_ago=dt.timedelta())
    row.state = MailingState.PAUSED
    db.session.commit()
    return row


def test_a_stopping_process_pauses_a_mailing_before_its_next_message(
    real,  # noqa: F811
    smtp_server,
    moderator,
    stopping,
):
    mailing_jobs.start(real.session, moderator)

    result = finished(real.session)

    assert result.state == MailingState.PAUSED
    assert (result.sent, result.failed, result.pending) == (0, 0, 10)
    assert smtp_server.messages == []


def test_a_mailing_stuck_on_its_mail_server_is_marked_paused_when_the_grace_ends(
    real,  # noqa: F811
    moderator,
    app,
    stopping,
):
    row = stored_mailing(
        real.session, moderator, [RecipientState.SENDING] * 10, beat_ago=dt.timedelta()
    )
    mailing_jobs._running.add(row.id)  # its task waits on a server that does not answer
    try:
        paused = mailing_jobs.pause_all(app, grace=0.1)
    finally:
        mailing_jobs._running.discard(row.id)

    db.session.expire_all()
    assert paused == [row.id]
    assert row.state == MailingState.PAUSED


def test_a_paused_mailing_keeps_a_new_one_from_starting(real, smtp_server, moderator):  # noqa: F811
    pause(real.session, moderator, [RecipientState.PENDING] * 10)

    with pytest.raises(mailing.MailingError, match="уже рассылаются"):
        mailing_jobs.start(real.session, moderator)


def test_the_next_start_sends_a_paused_mailing_to_the_rest_only_once(
    real,  # noqa: F811
    smtp_server,
    moderator,
    app,
):
    states = [RecipientState.SENT] * 6 + [RecipientState.PENDING] * 4
    pause(real.session, moderator, states)

    taken = mailing_jobs.take_over(app)
    again = mailing_jobs.take_over(app)
    result = finished(real.session)

    assert len(taken) == 1 and again == []
    assert result.state == MailingState.DONE
    got = sorted(to[0] for _sender, to in smtp_server.envelopes)
    assert got == sorted(p.email for p in mailing.audience(real.session).recipients[6:])


def test_an_address_a_dead_process_was_sending_to_is_reported_not_resent(
    real,  # noqa: F811
    smtp_server,
    moderator,
    app,
):
    states = [RecipientState.SENT] * 2 + [RecipientState.SENDING] + [RecipientState.PENDING] * 7
    pause(real.session, moderator, states)

    mailing_jobs.take_over(app)
    result = finished(real.session)

    uncertain = mailing.audience(real.session).recipients[2].email
    assert (result.sent, result.failed, result.pending) == (9, 1, 0)
    assert [address for address, _reason in result.refused] == [uncertain]
    assert "могли дойти" in result.refused[0][1]
    assert uncertain not in [to[0] for _sender, to in smtp_server.envelopes]


def test_the_metrics_count_each_message_and_the_recipients_by_mailing_state(
    real,  # noqa: F811
    smtp_server,
    moderator,
    app,
):
    app.config["METRICS_TOKEN"] = TOKEN
    smtp_server.refuse.add(REFUSED)
    mailing_jobs.start(real.session, moderator)
    finished(real.session)

    text = scrape(app)
    assert sample(text, 'facilitator_mailing_messages_total{outcome="sent"}') == 9
    assert sample(text, 'facilitator_mailing_messages_total{outcome="failed"}') == 1
    done = 'facilitator_mailing_recipients{mailing_state="done",outcome='
    assert sample(text, done + '"sent"}') == 9
    assert sample(text, done + '"failed"}') == 1
    assert sample(text, done + '"pending"}') == 0
