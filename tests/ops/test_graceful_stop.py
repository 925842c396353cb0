"""SIGTERM on a real server process: a mailing pauses at once and the next start sends the rest."""

from __future__ import annotations

import signal

import pytest
import requests
import sqlalchemy as sa

from facilitator import create_app
from facilitator.config import TestConfig
from facilitator.extensions import db
from facilitator.materials.models import (
    MailingRecipient,
    MailingState,
    MaterialsMailing,
    RecipientState,
)
from facilitator.sessions.models import DesignSession
from tests.live_server import free_port, live_servers  # noqa: F401  (fixture)
from tests.ops.conftest import TOKEN
from tests.ops.mail_sink import running_sink
from tests.ops.test_live import metric
from tests.realtime.live import prepare_database, wait_until

pytestmark = pytest.mark.live

RECIPIENTS = 12


def seed_paused_mailing(url: str, tmp_path, recipients: int = RECIPIENTS) -> list[str]:
    """A closed session whose mailing to ``recipients`` people a stopping server left paused."""
    seeded = prepare_database(url, tmp_path, members=recipients, phase="closed")
    addresses = [f"person{number:02d}@example.org" for number in range(recipients)]
    with _app(url, tmp_path).app_context():
        session = db.session.get(DesignSession, seeded.session_id)
        for person, address in zip(session.participants, addresses, strict=True):
            person.email = address
        db.session.add(
            MaterialsMailing(
                session_id=session.id,
                started_by_id=seeded.moderator_id,
                state=MailingState.PAUSED,
                recipients=[
                    MailingRecipient(full_name=p.full_name, email=p.email)
                    for p in session.participants
                ],
            )
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return addresses


def mailing_states(app) -> tuple[str, dict[str, int]]:
    """The mailing's state and how many of its recipients are in each state."""
    with app.app_context():
        state = db.session.scalar(sa.select(MaterialsMailing.state))
        rows = db.session.execute(
            sa.select(MailingRecipient.state, sa.func.count()).group_by(MailingRecipient.state)
        ).all()
        db.session.remove()
    return state, dict(rows)


def _app(url: str, tmp_path):
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    return create_app(
        config | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "check")}
    )


def test_sigterm_pauses_a_mailing_and_the_next_start_mails_each_address_exactly_once(
    live_servers,  # noqa: F811
    tmp_path,
):
    url = f"sqlite:///{tmp_path / 'mailing.db'}"
    addresses = seed_paused_mailing(url, tmp_path)
    checker = _app(url, tmp_path)
    with running_sink() as (sink, smtp_port):
        env = {
            "DATABASE_URL": url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SMTP_STARTTLS": "0",
            "MAIL_FROM": "ИМЦ <noreply@imc.example.org>",
            "FACILITATOR_SHUTDOWN_GRACE_SECONDS": "15",
            "FACILITATOR_METRICS_TOKEN": TOKEN,
        }
        first = live_servers.start(free_port(), env, tmp_path=tmp_path)
        assert wait_until(lambda: sink.count() >= 3), first.output()

        first._signal(signal.SIGTERM)

        assert first.process.returncode == 0, first.output()
        assert "paused" in first.output()
        state, counts = mailing_states(checker)
        assert state == MailingState.PAUSED
        assert RecipientState.SENDING not in counts
        sent_before = counts[RecipientState.SENT]
        assert sent_before == sink.count()
        assert 0 < sent_before < RECIPIENTS

        second = live_servers.start(free_port(), env, tmp_path=tmp_path)
        assert wait_until(lambda: sink.count() >= RECIPIENTS), second.output()
        assert wait_until(lambda: mailing_states(checker)[0] == MailingState.DONE)
        resumed = RECIPIENTS - sent_before
        assert wait_until(
            lambda: (
                metric(second.base_url, 'facilitator_mailing_messages_total{outcome="sent"}')
                == resumed
            )
        )
        done = 'facilitator_mailing_recipients{mailing_state="done",outcome="'
        assert metric(second.base_url, done + 'sent"}') == RECIPIENTS
        assert metric(second.base_url, done + 'pending"}') == 0
        assert metric(second.base_url, done + 'failed"}') == 0

    state, counts = mailing_states(checker)
    assert counts == {RecipientState.SENT: RECIPIENTS}
    assert sorted(sink.received) == addresses
    assert set(sink.received.values()) == {1}


@pytest.mark.parametrize("async_mode", ["gevent", "eventlet"])
def test_sigterm_on_an_idle_server_stops_it_cleanly_and_frees_its_port(
    live_servers,  # noqa: F811
    tmp_path,
    async_mode,
):
    url = f"sqlite:///{tmp_path / 'idle.db'}"
    server = live_servers.start(
        free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path, async_mode=async_mode
    )

    server._signal(signal.SIGTERM)

    assert server.process.returncode == 0, server.output()
    assert "work done, closing connections" in server.output()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.base_url}/healthz", timeout=5)
