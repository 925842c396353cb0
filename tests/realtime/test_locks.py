"""The lock order: nobody waits for a group's lock with a pooled connection in hand."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from facilitator.extensions import db
from facilitator.realtime import documents, locks, pipeline
from facilitator.realtime.live_document import Author
from facilitator.realtime.pipeline import Pending, UpdatePipeline
from facilitator.sessions.models import CreativeGroup
from tests.conftest import build_app
from tests.realtime.replica import Replica, unb64
from tests.realtime.seed import seed_workspace
from tests.services import postgres_url


@pytest.fixture
def one_connection_app(tmp_path) -> Iterator[Flask]:
    """The app on PostgreSQL with a pool of one connection that is waited for 3 s at most."""
    app = build_app(
        postgres_url(),
        tmp_path,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0, "pool_timeout": 3},
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_holding_a_group_gives_the_connection_back_before_waiting(one_connection_app):
    seeded = seed_workspace(members=1)
    db.session.get(CreativeGroup, seeded.group_id)  # the session now holds the one connection
    assert db.session().in_transaction()

    with locks.holding([seeded.group_id]):
        assert not db.session().in_transaction()
        # under the lock a connection may be taken: the pool's only one is free
        assert db.session.execute(sa.text("SELECT 1")).scalar() == 1


def test_a_join_waiting_for_the_lock_lets_the_batch_holding_it_take_the_last_connection(
    one_connection_app, monkeypatch
):
    app = one_connection_app
    seeded = seed_workspace(members=1)
    documents.read_for_join(db.session.get(CreativeGroup, seeded.group_id), None)
    db.session.remove()
    joining, outcomes = threading.Event(), {}
    original = pipeline._lock_heads

    def lock_heads_once_the_join_waits(*args):
        # the batch holds the group's lock; the join has its connection and wants the lock
        assert joining.wait(30)
        threading.Event().wait(0.3)
        return original(*args)

    monkeypatch.setattr(pipeline, "_lock_heads", lock_heads_once_the_join_waits)

    def batch() -> None:
        with app.app_context():
            replica = Replica()
            replica.type("idea", "Школа")
            item = Pending(
                seeded.group_id,
                unb64(replica.take()),
                Author("participant", seeded.members[0][0]),
                None,
            )
            outcomes["batch"] = UpdatePipeline().submit(item)
            db.session.remove()

    def join() -> None:
        with app.app_context():
            group = db.session.get(CreativeGroup, seeded.group_id)  # authorised: connection held
            joining.set()
            outcomes["join"] = documents.read_for_join(group, None)
            db.session.remove()

    threads = [threading.Thread(target=batch), threading.Thread(target=join)]
    threads[0].start()
    threads[1].start()
    for thread in threads:
        thread.join(60)

    item = outcomes["batch"]
    assert item.failure is None and item.refusal is None
    assert item.result.seq == 1
    update, _vector, seq = outcomes["join"]
    assert seq == 1
    reader = Replica()
    reader.apply_bytes(update)
    assert str(reader.text("idea")) == "Школа"
