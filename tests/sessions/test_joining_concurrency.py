"""Two phones racing for the last place in a group: exactly one gets it."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.joining import services as joining
from facilitator.sessions.models import Participant
from tests.sessions.test_joining import COOKIE, registration


def test_parallel_joins_into_the_last_place_admit_exactly_one(
    app, make_session, make_participant, monkeypatch
):
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")  # a file: real locks
    session = make_session(groups=2, capacity=2)
    group = session.groups[0]
    make_participant(session, group=group)
    code, group_id = session.join_code, str(group.id)
    db.session.remove()

    count_members = joining._count_members

    def slow_count(*args, **kwargs):
        # Widen the window between counting and inserting: without a lock both would fit.
        result = count_members(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(joining, "_count_members", slow_count)
    start = threading.Barrier(2)
    results: dict[str, tuple[int, str]] = {}

    def join(device_id: str) -> None:
        client = app.test_client()  # each request pushes its own app context in this thread
        client.set_cookie(COOKIE, device_id)
        start.wait()
        response = client.post(
            f"/s/{code}/register", data=registration(full_name=device_id, group=group_id)
        )
        results[device_id] = (response.status_code, response.get_data(as_text=True))

    devices = ["a" * 32, "b" * 32]
    threads = [threading.Thread(target=join, args=(device,)) for device in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(status for status, _page in results.values())
    assert statuses == [302, 422]
    loser_page = next(page for status, page in results.values() if status == 422)
    assert "Группа «Группа 1» заполнена" in loser_page
    assert 'id="group-error"' in loser_page
    db.session.expire_all()
    members = db.session.scalars(sa.select(Participant).filter_by(group_id=int(group_id))).all()
    assert len(members) == 2
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 2
