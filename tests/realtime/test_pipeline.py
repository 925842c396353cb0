"""Group commit of `update` events: batches, order, rights in the batch, failures, progress."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import gevent
import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import OperationalError

from facilitator.extensions import db
from facilitator.realtime import documents, live_document, pipeline, service, snapshots
from facilitator.realtime.live_document import Author
from facilitator.realtime.models import DocumentUpdate
from facilitator.realtime.pipeline import Pending, UpdatePipeline
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from tests.conftest import build_app
from tests.realtime.conftest import call, drain
from tests.realtime.replica import Replica, unb64
from tests.realtime.seed import seed_workspace
from tests.services import postgres_url


def typing(replica: Replica, text: str) -> bytes:
    """Type into the idea section and return the update."""
    replica.type("idea", text)
    return unb64(replica.take())


def opened_group(seeded) -> CreativeGroup:
    """The seeded group with its document row created, as the first `join` does."""
    group = db.session.get(CreativeGroup, seeded.group_id)
    documents.read_for_join(group, None)
    return group


def logged(group_id: int) -> list[tuple[int, str, int]]:
    """The group's log as another connection sees it: (seq, author kind, author id)."""
    with db.engine.connect() as other:
        return [
            tuple(row)
            for row in other.execute(
                sa.select(DocumentUpdate.seq, DocumentUpdate.author_kind, DocumentUpdate.author_id)
                .where(DocumentUpdate.group_id == group_id)
                .order_by(DocumentUpdate.seq)
            )
        ]


def idea_text(group: CreativeGroup) -> str:
    """The idea section as a process with an empty cache reads it from the database."""
    live_document.cache().forget()
    return snapshots.stored_snapshot(group)["sections"]["idea"]["text"]


def test_one_batch_keeps_arrival_order_and_refuses_only_the_bad_items(any_backend_app):
    seeded = seed_workspace(members=2)
    group = opened_group(seeded)
    (first_id, _), (second_id, _) = seeded.members
    writer = Replica()
    batch = [
        Pending(group.id, typing(writer, "Школа"), Author("participant", first_id), None),
        Pending(group.id, b"\x01\x02garbage", Author("participant", second_id), None),
        # depends on the first item: accepted because the batch validates in order
        Pending(group.id, typing(writer, " и вуз"), Author("participant", first_id), None),
        Pending(group.id, typing(Replica(), "x"), Author("participant", 999_999), None),
    ]

    pipeline.run_batch(batch)

    assert [item.result.seq if item.result else None for item in batch] == [1, None, 2, None]
    assert batch[1].refusal().code == "invalid_update"
    assert batch[3].refusal().code == "forbidden"
    assert logged(group.id) == [(1, "participant", first_id), (2, "participant", first_id)]
    assert batch[2].result.progress["sections"]["idea"] is True
    assert idea_text(group) == "Школа и вуз"


def test_one_batch_writes_several_groups_rows_each_with_its_own_text(any_backend_app):
    seeded = seed_workspace(members=1)
    first, second = two_groups(seeded)
    session = db.session.get(DesignSession, seeded.session_id)
    member_id = seeded.members[0][0]
    moderator = Author("moderator", session.owner_id)
    batch = [
        Pending(first.id, typing(Replica(), "Школа"), Author("participant", member_id), None),
        Pending(second.id, typing(Replica(), "Колледж"), moderator, None, checked=True),
    ]

    pipeline.run_batch(batch)

    assert [item.result.seq for item in batch] == [1, 1]
    assert (idea_text(first), idea_text(second)) == ("Школа", "Колледж")
    progress = service.session_progress(session)
    assert progress[first.id]["filled"] == progress[second.id]["filled"] == 1


@pytest.mark.parametrize("others_may_view", [True, False], ids=["may view", "may not view"])
def test_a_batch_refuses_a_member_of_another_group_and_takes_the_rest(
    any_backend_app, others_may_view
):
    seeded = seed_workspace(members=2)
    first, second = two_groups(seeded)
    (member_id, _), (moved_id, _) = seeded.members
    session = db.session.get(DesignSession, seeded.session_id)
    session.others_may_view_models = others_may_view
    db.session.get(Participant, moved_id).group_id = second.id
    db.session.commit()
    batch = [
        Pending(first.id, typing(Replica(), "чужая"), Author("participant", moved_id), None),
        Pending(first.id, typing(Replica(), "своя"), Author("participant", member_id), None),
        Pending(second.id, typing(Replica(), "новая"), Author("participant", moved_id), None),
    ]

    pipeline.run_batch(batch)

    assert [item.result.seq if item.result else None for item in batch] == [None, 1, 1]
    refusal = batch[0].refusal()
    assert refusal.code == "forbidden"
    assert ("читать" in refusal.message) is others_may_view
    assert (idea_text(first), idea_text(second)) == ("своя", "новая")


def test_a_batch_lets_other_greenlets_run_between_its_broadcast_and_its_writes(
    any_backend_app, monkeypatch
):
    # What the server's monkey-patching does to time.sleep, for this test only.
    monkeypatch.setattr(time, "sleep", gevent.sleep)
    order: list[str] = []
    write = pipeline.write
    monkeypatch.setattr(pipeline, "write", lambda works: (order.append("write"), write(works)))
    seeded = seed_workspace(members=1)
    group = opened_group(seeded)
    author = Author("participant", seeded.members[0][0])

    pipeline.run_batch(
        [Pending(group.id, typing(Replica(), "Школа"), author, None)],
        broadcast_done=lambda: gevent.spawn(order.append, "next batch"),
    )

    assert order == ["next batch", "write"]
    assert idea_text(group) == "Школа"


def test_updates_queued_behind_a_busy_batch_commit_together(any_backend_app):
    seeded = seed_workspace(members=1)
    group = opened_group(seeded)
    member_id = seeded.members[0][0]
    queue = UpdatePipeline()
    app = any_backend_app
    writers = [Replica() for _ in range(8)]
    results: list[Pending] = []

    def submit(replica: Replica, word: str) -> None:
        with app.app_context():
            item = Pending(group.id, typing(replica, word), Author("participant", member_id), None)
            results.append(queue.submit(item))
            db.session.remove()

    busy = live_document.cache().lock(group.id)
    busy.acquire()  # the first batch waits for the document; the other seven queue behind it
    threads = [
        threading.Thread(target=submit, args=(replica, f"w{number} "))
        for number, replica in enumerate(writers)
    ]
    for thread in threads:
        thread.start()
    deadline = threading.Event()
    for _ in range(500):
        with queue._guard:
            if len(queue._queue) == 7:
                break
        deadline.wait(0.01)
    busy.release()
    for thread in threads:
        thread.join(timeout=60)

    assert queue.batches == 2
    assert sorted(item.result.seq for item in results) == list(range(1, 9))
    assert all(item.failure is None and item.refusal is None for item in results)
    assert sorted(idea_text(group).split()) == sorted(f"w{n}" for n in range(8))


def test_a_member_moved_to_another_group_after_joining_can_no_longer_edit(workspace, connect):
    from facilitator.joining.roster import move_participant

    client = connect(workspace.member)
    call(client, "join", {"group_id": workspace.group.id})
    replica = Replica()
    replica.type("idea", "до")
    assert call(client, "update", {"group_id": workspace.group.id, "update": replica.take()})["ok"]

    move_participant(workspace.member, workspace.other_group.id)
    db.session.commit()
    replica.type("idea", " после")
    ack = call(client, "update", {"group_id": workspace.group.id, "update": replica.take()})

    assert ack["code"] == "forbidden"
    assert ack["message"] == "Эту модель можно только читать, но не редактировать."
    assert [seq for seq, _kind, _id in logged(workspace.group.id)] == [1]


def test_phase_change_after_joining_makes_the_members_next_update_read_only(workspace, connect):
    client = connect(workspace.member)
    call(client, "join", {"group_id": workspace.group.id})
    workspace.session.phase = "presentations"
    db.session.commit()
    replica = Replica()
    replica.type("idea", "поздно")

    ack = call(client, "update", {"group_id": workspace.group.id, "update": replica.take()})

    assert ack["code"] == "read_only"
    assert logged(workspace.group.id) == []


def test_a_failed_commit_is_not_acknowledged_and_the_resent_update_is_stored(
    workspace, connect, monkeypatch
):
    sender, peer = connect(workspace.member), connect(workspace.second_member)
    for client in (sender, peer):
        call(client, "join", {"group_id": workspace.group.id})
    drain(peer)
    real_write = pipeline.write

    def write_then_fail(works):
        real_write(works)
        raise OperationalError("INSERT", {}, Exception("the disk is full"))

    monkeypatch.setattr(pipeline, "write", write_then_fail)
    replica = Replica()
    replica.type("idea", "Школа")
    update = replica.take()
    failed = call(sender, "update", {"group_id": workspace.group.id, "update": update})
    monkeypatch.setattr(pipeline, "write", real_write)

    assert failed["ok"] is False and failed["code"] == "internal_error"
    assert logged(workspace.group.id) == []
    # the peer got it before the commit; the sender resends, as its client keeps it pending
    assert [p["update"] for p in drain(peer)["update"]] == [update]
    resent = call(sender, "update", {"group_id": workspace.group.id, "update": update})
    assert resent == {"ok": True, "seq": 1}
    assert idea_text(workspace.group) == "Школа"


def test_progress_is_sent_only_when_it_changes(workspace, connect):
    sender, moderator = connect(workspace.member), connect(workspace.owner)
    call(sender, "join", {"group_id": workspace.group.id})
    call(moderator, "watch_session", {"session_id": workspace.session.id})
    drain(moderator)
    replica = Replica()

    def send(text: str) -> list[dict]:
        replica.type("idea", text)
        assert call(sender, "update", {"group_id": workspace.group.id, "update": replica.take()})[
            "ok"
        ]
        return drain(moderator).get("progress", [])

    filled, more = send("Идея"), send(" школы")
    text = replica.text("idea")
    del text[0 : len(text)]
    emptied = send("")

    assert [(p["filled"], p["seq"]) for p in filled] == [(1, 1)]
    assert more == []
    assert [(p["filled"], p["seq"]) for p in emptied] == [(0, 3)]


def test_a_waiter_killed_in_the_queue_does_not_stall_the_others(any_backend_app):
    seeded = seed_workspace(members=1)
    group = opened_group(seeded)
    member_id = seeded.members[0][0]
    queue = UpdatePipeline()
    abandoned = Pending(group.id, b"", Author("participant", member_id), None)
    queue._queue.append(abandoned)
    queue._leading = True
    abandoned.lead = True
    queue._abandon(abandoned)  # as when its green thread is killed while it waits

    item = queue.submit(
        Pending(group.id, typing(Replica(), "жив"), Author("participant", member_id), None)
    )

    assert item.result.seq == 1


def held_in_write(monkeypatch, group_id: int) -> tuple[threading.Event, threading.Event]:
    """Make batches holding ``group_id`` stop before writing; return (stopped, go on)."""
    stopped, proceed = threading.Event(), threading.Event()
    write = pipeline.write

    def stopping(works):
        if group_id in works:
            stopped.set()
            proceed.wait(30)
        write(works)

    monkeypatch.setattr(pipeline, "write", stopping)
    return stopped, proceed


def submit_in_thread(app, queue: UpdatePipeline, item: Pending) -> threading.Thread:
    """Submit an item from another thread (as another connection's event would)."""

    def run() -> None:
        with app.app_context():
            queue.submit(item)
            db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def two_groups(seeded) -> tuple[CreativeGroup, CreativeGroup]:
    """The seeded group and a second one, both with their document rows."""
    first = opened_group(seeded)
    session = db.session.get(DesignSession, seeded.session_id)
    second = CreativeGroup(name="Группа 2", position=1, capacity=15)
    session.groups.append(second)
    db.session.commit()
    documents.read_for_join(second, None)
    return first, second


@pytest.fixture
def postgres_app(tmp_path) -> Iterator[Flask]:
    """The app on PostgreSQL: SQLite has one writer at a time, so its batches cannot overlap."""
    app = build_app(postgres_url(), tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_a_batch_for_another_group_commits_while_the_previous_batch_writes(
    postgres_app, monkeypatch
):
    seeded = seed_workspace(members=1)
    first, second = two_groups(seeded)
    member = Author("participant", seeded.members[0][0])
    moderator = Author("moderator", db.session.get(DesignSession, seeded.session_id).owner_id)
    stopped, proceed = held_in_write(monkeypatch, first.id)
    queue = UpdatePipeline()
    slow = Pending(first.id, typing(Replica(), "Школа"), member, None)
    thread = submit_in_thread(postgres_app, queue, slow)
    assert stopped.wait(30)

    fast = queue.submit(
        Pending(second.id, typing(Replica(), "Колледж"), moderator, None, checked=True)
    )

    assert fast.result.seq == 1 and not slow.finished
    assert idea_text(second) == "Колледж"
    proceed.set()
    thread.join(30)
    assert slow.result.seq == 1 and slow.failure is None
    assert queue.batches == 2


def test_a_batch_for_the_same_group_waits_for_the_previous_commit_and_follows_it(
    any_backend_app, monkeypatch
):
    seeded = seed_workspace(members=1)
    group = opened_group(seeded)
    member = Author("participant", seeded.members[0][0])
    writer = Replica()
    stopped, proceed = held_in_write(monkeypatch, group.id)
    queue = UpdatePipeline()
    first = Pending(group.id, typing(writer, "Школа"), member, None)
    first_thread = submit_in_thread(any_backend_app, queue, first)
    assert stopped.wait(30)
    stopped.clear()
    second = Pending(group.id, typing(writer, " и вуз"), member, None)
    second_thread = submit_in_thread(any_backend_app, queue, second)
    threading.Event().wait(0.3)

    assert not second.finished and queue.batches == 1
    proceed.set()
    first_thread.join(30)
    second_thread.join(30)
    assert (first.result.seq, second.result.seq) == (1, 2)
    assert logged(group.id) == [(1, "participant", member.id), (2, "participant", member.id)]
    assert idea_text(group) == "Школа и вуз"


def test_a_batch_that_folds_the_log_writes_it_first_and_the_next_batch_logs_after_it(
    any_backend_app,
):
    any_backend_app.config["REALTIME_COMPACT_EVERY"] = 3
    seeded = seed_workspace(members=1)
    group = opened_group(seeded)
    member = Author("participant", seeded.members[0][0])
    writer = Replica()
    words = ["Школа", " и", " вуз"]

    pipeline.run_batch([Pending(group.id, typing(writer, word), member, None) for word in words])

    assert logged(group.id) == []  # all three folded into the checkpoint
    assert idea_text(group) == "Школа и вуз"
    pipeline.run_batch([Pending(group.id, typing(writer, " вместе"), member, None)])
    assert logged(group.id) == [(4, "participant", member.id)]
    assert idea_text(group) == "Школа и вуз вместе"


def test_a_batch_of_a_large_model_leaves_its_snapshot_column_behind_and_readers_current(
    any_backend_app,
):
    """Past REALTIME_SNAPSHOT_SMALL_BYTES a batch writes the snapshot only when it is due; the
    column keeps its older content (not null) and every reader still gets the last commit."""
    any_backend_app.config |= {
        "REALTIME_SNAPSHOT_SMALL_BYTES": 0,
        "REALTIME_SNAPSHOT_EVERY_SECONDS": 3600,
    }
    seeded = seed_workspace(members=1)
    group = opened_group(seeded)
    author = Author("participant", seeded.members[0][0])
    writer = Replica()
    for word in ("Школа", " и", " вуз"):
        item = Pending(group.id, typing(writer, word), author, None)
        pipeline.run_batch([item])
        assert item.result is not None and item.refusal is None
    column = db.session.execute(
        sa.text("SELECT snapshot FROM group_documents WHERE group_id = :g"), {"g": group.id}
    ).scalar_one()
    stored = column if isinstance(column, dict) else json.loads(column)
    assert stored["seq"] == 1
    assert stored["sections"]["idea"]["text"] == "Школа"
    assert idea_text(group) == "Школа и вуз"
    session = db.session.get(DesignSession, seeded.session_id)
    assert service.document_snapshots(session)[group.id]["sections"]["idea"]["text"] == (
        "Школа и вуз"
    )
