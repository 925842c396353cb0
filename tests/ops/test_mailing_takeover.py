"""SIGKILL during a mailing: another process takes it over once the lease runs out, by itself."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.materials.models import (
    MailingRecipient,
    MailingState,
    MaterialsMailing,
    RecipientState,
)
from tests.live_server import free_port, live_servers  # noqa: F401  (fixture)
from tests.ops.mail_sink import running_sink
from tests.ops.test_graceful_stop import _app, seed_paused_mailing
from tests.realtime.live import wait_until

pytestmark = pytest.mark.live

RECIPIENTS = 24
#: A short lease keeps the test quick; production's is 20 s
LEASE = 8


def stored(app) -> tuple[str, str, list[tuple[str, str, str]]]:
    """The mailing's state, lease owner, and (address, state, reason) of every recipient."""
    with app.app_context():
        state, owner = db.session.execute(
            sa.select(MaterialsMailing.state, MaterialsMailing.lease_owner)
        ).one()
        rows = db.session.execute(
            sa.select(MailingRecipient.email, MailingRecipient.state, MailingRecipient.reason)
        ).all()
        db.session.remove()
    return state, owner, [tuple(row) for row in rows]


def test_a_killed_senders_mailing_is_taken_over_after_the_lease_and_nobody_is_mailed_twice(
    live_servers,  # noqa: F811
    tmp_path,
):
    url = f"sqlite:///{tmp_path / 'mailing.db'}"
    addresses = seed_paused_mailing(url, tmp_path, RECIPIENTS)
    checker = _app(url, tmp_path)
    with running_sink(delay=0.8) as (sink, smtp_port):
        env = {
            "DATABASE_URL": url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SMTP_STARTTLS": "0",
            "MAIL_FROM": "ИМЦ <noreply@imc.example.org>",
            "FACILITATOR_MAILING_LEASE_SECONDS": str(LEASE),
        }
        first = live_servers.start(free_port(), env, tmp_path=tmp_path)
        assert wait_until(lambda: sink.count() >= 1), first.output()
        # A second process serves alongside (two workers behind nginx, or a restarted one).
        second = live_servers.start(free_port(), env, tmp_path=tmp_path)
        assert 1 <= sink.count() < RECIPIENTS - 3, "the mailing should still be under way"

        first.kill()  # SIGKILL: no handler runs, the lease simply stops being renewed
        killed_at = time.monotonic()
        state, first_owner, _rows = stored(checker)
        assert state == MailingState.RUNNING
        assert first_owner
        time.sleep(1)  # a message the sink was taking when the sender died is counted now
        mailed_by_first = sink.count()

        assert wait_until(lambda: stored(checker)[1] != first_owner, seconds=3 * LEASE)
        resumed_after = time.monotonic() - killed_at
        assert wait_until(lambda: sink.count() > mailed_by_first), second.output()
        assert wait_until(lambda: stored(checker)[0] == MailingState.DONE), second.output()

    state, owner, rows = stored(checker)
    # Not before the lease ran out (it was renewed at most a quarter lease before the kill),
    # and soon after: the second process looks every quarter of the lease.
    assert LEASE * 0.75 - 0.5 <= resumed_after <= LEASE + LEASE / 4 + 1, resumed_after
    assert owner and owner != first_owner
    assert "taken over" in second.output()
    uncertain = [(email, reason) for email, state, reason in rows if state != "sent"]
    assert len(uncertain) <= 1, uncertain
    for email, reason in uncertain:
        assert "могли дойти" in reason
        assert sink.received[email] <= 1
    assert sorted(email for email, state, _reason in rows if state == "sent") == sorted(
        address for address in addresses if address not in dict(uncertain)
    )
    assert all(
        sink.received[address] == 1 for address in addresses if address not in dict(uncertain)
    )
    assert set(sink.received.values()) == {1}
    assert RecipientState.SENDING not in {state for _email, state, _reason in rows}
