"""Mailing leases: a dead sender's mailing is taken over by itself, by one process, never twice."""

from __future__ import annotations

import datetime as dt
import time

from facilitator.columns import utcnow
from facilitator.extensions import db
from facilitator.materials import mailing, mailing_jobs, mailing_lease
from facilitator.materials.models import MailingState, MaterialsMailing, RecipientState
from tests.materials.test_mailing_jobs import finished, real, stored_mailing  # noqa: F401
from tests.materials.test_views import stored  # noqa: F401

DEAD = "old-host:4242:deadbeef"


def left_by_a_dead_sender(session, moderator, states, seconds_ago: float = 60):
    """A mailing a killed process held: still 'running', its lease renewed long ago."""
    row = stored_mailing(session, moderator, states, beat_ago=dt.timedelta(seconds=seconds_ago))
    row.lease_owner = DEAD
    db.session.commit()
    return row


def test_the_page_shows_a_dead_senders_mailing_interrupted_then_running_then_done(
    moderator_client,
    stored,  # noqa: F811
    smtp_server,
    moderator,
    app,
):
    states = [RecipientState.SENT] * 4 + [RecipientState.SENDING] + [RecipientState.PENDING] * 18
    row = left_by_a_dead_sender(stored, moderator, states)
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert 'data-state="interrupted"' in page
    assert "Сервер сам отправит остальное в течение минуты" in page

    taken = mailing_jobs.take_over(app)

    assert taken == [row.id]
    db.session.rollback()  # the client shares the test's session: see the take-over's commit
    progress = moderator_client.get(f"/sessions/{stored.id}/materials/sending").get_json()
    assert progress["state"] in ("running", "done")
    result = finished(stored)
    assert result.state == MailingState.DONE
    assert (result.sent, result.failed, result.pending) == (22, 1, 0)
    uncertain = mailing.audience(stored).recipients[4].email
    assert [address for address, _reason in result.refused] == [uncertain]
    assert uncertain not in [to[0] for _sender, to in smtp_server.envelopes]
    assert len(smtp_server.envelopes) == 18
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert 'data-state="done"' in page


def test_a_running_mailing_whose_lease_runs_out_is_taken_over_without_a_page_view(
    real,  # noqa: F811
    smtp_server,
    moderator,
    app,
):
    states = [RecipientState.SENT] * 3 + [RecipientState.PENDING] * 7
    row = left_by_a_dead_sender(real.session, moderator, states)

    assert mailing_jobs.take_over(app) == [row.id]
    assert mailing_jobs.take_over(app) == []  # taken once: the new holder's lease is fresh

    result = finished(real.session)
    assert (result.sent, result.pending) == (10, 0)
    assert len(smtp_server.envelopes) == 7
    db.session.refresh(row)
    assert row.lease_owner not in ("", DEAD)


def test_a_lease_still_being_renewed_is_left_alone(real, smtp_server, moderator, app):  # noqa: F811
    app.config["MAILING_LEASE_SECONDS"] = 20
    left_by_a_dead_sender(real.session, moderator, [RecipientState.PENDING] * 10, seconds_ago=5)

    assert mailing_jobs.take_over(app) == []
    assert mailing_jobs.latest(real.session).state == MailingState.RUNNING
    assert smtp_server.messages == []


def test_mailings_from_before_leases_and_ones_started_afresh_wait_for_the_moderator(
    real,  # noqa: F811
    smtp_server,
    moderator,
    app,
):
    old = stored_mailing(
        real.session, moderator, [RecipientState.PENDING] * 10, beat_ago=dt.timedelta(hours=1)
    )
    assert mailing_jobs.take_over(app) == []  # no lease owner: from before leases
    old.lease_owner = DEAD
    db.session.commit()
    newer = left_by_a_dead_sender(real.session, moderator, [RecipientState.SENT] * 10)
    newer.state = MailingState.DONE
    db.session.commit()

    assert mailing_jobs.take_over(app) == []  # a newer mailing of the kind supersedes it
    db.session.refresh(old)
    assert old.state == MailingState.RUNNING
    assert smtp_server.messages == []


def test_a_sender_that_lost_its_lease_may_not_claim_another_recipient(real, moderator, app):  # noqa: F811
    row = left_by_a_dead_sender(real.session, moderator, [RecipientState.PENDING] * 10)
    first, second = row.recipients[:2]
    assert mailing_lease.take(row.id, "new-holder", MaterialsMailing.state != "done")

    assert not mailing_lease.claim(first, DEAD)
    assert mailing_lease.claim(second, "new-holder")
    assert not mailing_lease.claim(second, "new-holder")  # already claimed: never twice
    db.session.expire_all()
    assert (first.state, second.state) == (RecipientState.PENDING, RecipientState.SENDING)
    assert not mailing_lease.finish(row.id, DEAD, MailingState.DONE)
    assert not mailing_lease.renew(row.id, DEAD)


def test_the_lease_is_renewed_every_quarter_of_its_length_until_released(
    real,  # noqa: F811
    moderator,
    app,
):
    app.config["MAILING_LEASE_SECONDS"] = 4
    row = left_by_a_dead_sender(real.session, moderator, [RecipientState.PENDING] * 10)
    before = utcnow()

    lease = mailing_lease.Lease(app, row.id, DEAD)
    time.sleep(1.6)
    lease.release()

    db.session.expire_all()
    beat = (
        row.heartbeat_at.replace(tzinfo=dt.UTC)
        if row.heartbeat_at.tzinfo is None
        else row.heartbeat_at
    )
    assert beat >= before
    assert not mailing_lease.expired(row.heartbeat_at, 4)
