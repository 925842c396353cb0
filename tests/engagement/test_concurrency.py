"""Parallel real requests from one phone (double-clicks, retries on bad Wi-Fi, several tabs):
never more dots than the budget, one hand in the queue, one upvote. On a file SQLite database
and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from facilitator.accounts.models import Moderator
from facilitator.engagement import comments, voting
from facilitator.engagement.models import CommentUpvote, DotVote, HandState, MicHand
from facilitator.extensions import db
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from tests.conftest import build_app
from tests.engagement.conftest import COOKIE
from tests.services import postgres_url

THREADS = 8


@pytest.fixture(params=["sqlite", "postgres"])
def backend_app(request, tmp_path) -> Iterator[Flask]:
    """The app on a file SQLite database (real locks), then on PostgreSQL."""
    url = f"sqlite:///{tmp_path / 'race.db'}" if request.param == "sqlite" else postgres_url()
    app = build_app(url, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def new_session(phase: str, groups: int = 5) -> DesignSession:
    """A session with its owner and groups, stored."""
    owner = Moderator(email=f"{secrets.token_hex(4)}@example.org", full_name="Мария Иванова")
    owner.set_password("correct horse battery")
    session = DesignSession(
        owner=owner,
        title="Гонка",
        date=dt.date(2023, 3, 27),
        starts_at=dt.time(11, 0),
        join_code=new_join_code(),
        projector_token=new_projector_token(),
        phase=phase,
    )
    for index in range(groups):
        session.groups.append(CreativeGroup(name=f"Группа {index + 1}", position=index))
    db.session.add(session)
    db.session.commit()
    return session


def new_participant(session: DesignSession) -> Participant:
    """A registered participant whose device cookie the app accepts."""
    participant = Participant(
        session=session,
        device_id=secrets.token_urlsafe(24),
        full_name="Участник",
        organisation="Школа",
        position="учитель",
        city="СПб",
        consented_at=dt.datetime.now(dt.UTC),
    )
    db.session.add(participant)
    db.session.commit()
    return participant


def fire(app: Flask, device_id: str, requests: list[tuple[str, dict]]) -> list[int]:
    """Send the POSTs at the same moment, each from its own thread and client."""
    start = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def send(index: int, url: str, data: dict) -> None:
        client = app.test_client()  # each request pushes its own app context in this thread
        client.set_cookie(COOKIE, device_id)
        start.wait()
        statuses[index] = client.post(url, data=data).status_code

    threads = [
        threading.Thread(target=send, args=(i, url, data)) for i, (url, data) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.remove()
    return statuses


def slowed(monkeypatch, module, name: str, seconds: float = 0.15) -> None:
    """Widen the window between reading and writing: without a lock rivals would slip in."""
    original: Callable = getattr(module, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(module, name, slow)


def test_parallel_votes_never_exceed_the_budget(backend_app, monkeypatch):
    session = new_session("voting", groups=5)
    voter = new_participant(session)
    code, device = session.join_code, voter.device_id
    group_ids = [g.id for g in session.groups]
    slowed(monkeypatch, voting, "placed_dots")

    statuses = fire(
        backend_app,
        device,
        [(f"/s/{code}/vote/{group_ids[i % 5]}", {"dots": "1"}) for i in range(THREADS)],
    )

    assert set(statuses) <= {302, 422}
    assert 422 in statuses
    rows = db.session.scalars(sa.select(DotVote).where(DotVote.participant_id == voter.id)).all()
    assert sum(r.dots for r in rows) == 3
    assert len({r.group_id for r in rows}) == len(rows) == 3


def test_parallel_votes_on_one_model_never_exceed_the_cap_or_duplicate_the_row(
    backend_app, monkeypatch
):
    session = new_session("voting", groups=2)
    voter = new_participant(session)
    group_id = session.groups[0].id
    slowed(monkeypatch, voting, "placed_dots")

    statuses = fire(
        backend_app,
        voter.device_id,
        [(f"/s/{session.join_code}/vote/{group_id}", {"dots": str(1 + i % 3)}) for i in range(6)],
    )

    assert statuses.count(422) == 2  # the two asking for 3 dots: over the cap of 2
    rows = db.session.scalars(sa.select(DotVote)).all()
    assert len(rows) == 1
    assert rows[0].dots in (1, 2)


def test_a_double_click_on_raise_hand_leaves_one_hand(backend_app, monkeypatch):
    session = new_session("open_mic", groups=1)
    person = new_participant(session)
    from facilitator.engagement import mic as open_mic

    slowed(monkeypatch, open_mic, "active_hand")

    statuses = fire(
        backend_app,
        person.device_id,
        [(f"/s/{session.join_code}/mic/raise", {"about": ""})] * 4,
    )

    assert sorted(statuses) == [302, 409, 409, 409]
    hands = db.session.scalars(sa.select(MicHand)).all()
    assert [h.state for h in hands] == [HandState.waiting]


def test_a_double_click_on_support_leaves_one_upvote(backend_app, monkeypatch):
    session = new_session("open_mic", groups=1)
    author, reader = new_participant(session), new_participant(session)
    comment = comments.add(author, session.groups[0].id, "Предлагаю наставничество")
    comment_id = comment.id
    slowed(monkeypatch, comments, "check_comment_phase")

    statuses = fire(
        backend_app,
        reader.device_id,
        [(f"/s/{session.join_code}/comments/{comment_id}/upvote", {"on": "1"})] * 4,
    )

    assert statuses == [302] * 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommentUpvote)) == 1
