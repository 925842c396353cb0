"""Models' progress and the online count reach the projector and the console as they change."""

from __future__ import annotations

import time
from typing import Any

from facilitator.extensions import socketio
from facilitator.live import dashboard
from facilitator.live.progress_push import ProgressPush
from facilitator.realtime.protocol import NAMESPACE as WORKSPACE
from tests.live.conftest import call, drain, http_client
from tests.realtime.replica import Replica

#: How long a test waits for a pushed message before it fails (a bound, not a measurement)
PATIENCE_SECONDS = 10


class Tasks:
    """Background tasks started by the coalescer, run when the test says."""

    def __init__(self) -> None:
        self.started: list[tuple[Any, tuple]] = []

    def start(self, function, *args) -> None:
        self.started.append((function, args))

    def run(self) -> None:
        started, self.started = self.started, []
        for function, args in started:
            function(*args)


def test_many_changes_of_a_session_make_one_message_with_each_groups_newest_progress():
    tasks, sent = Tasks(), []
    push = ProgressPush(
        tasks.start, lambda _s: None, lambda sid, groups: sent.append((sid, groups))
    )
    for seq in range(1, 501):
        push.changed(7, 1, {"filled": seq // 100, "total": 16}, seq)
    push.changed(7, 2, {"filled": 3, "total": 16}, 40)
    push.changed(7, 2, {"filled": 2, "total": 16}, 39)  # an older edit reported late
    push.changed(8, 5, {"filled": 1, "total": 16}, 1)
    assert len(tasks.started) == 2  # one per session, however many edits
    tasks.run()
    assert sorted(sent) == [
        (
            7,
            {
                "1": {"filled": 5, "total": 16, "seq": 500},
                "2": {"filled": 3, "total": 16, "seq": 40},
            },
        ),
        (8, {"5": {"filled": 1, "total": 16, "seq": 1}}),
    ]


def test_a_change_after_a_message_went_starts_the_next_one():
    tasks, sent = Tasks(), []
    push = ProgressPush(tasks.start, lambda _s: None, lambda sid, groups: sent.append(groups))
    push.changed(7, 1, {"filled": 1, "total": 16}, 1)
    tasks.run()
    push.changed(7, 1, {"filled": 2, "total": 16}, 2)
    tasks.run()
    assert [groups["1"]["filled"] for groups in sent] == [1, 2]


def wait_for(client, event: str, namespace: str = "/live") -> list[dict[str, Any]]:
    """The payloads of ``event`` the client got, waiting for the first one."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    got: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        got += [
            packet["args"][0]
            for packet in client.get_received(namespace)
            if packet["name"] == event
        ]
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError(f"no {event} within {PATIENCE_SECONDS} s")


def co_editor(app, person):
    """A /workspace connection of the person's device."""
    client = socketio.test_client(
        app, namespace=WORKSPACE, flask_test_client=http_client(app, person)
    )
    assert client.is_connected(WORKSPACE)
    return client


def test_an_edit_that_fills_a_section_reaches_the_projector_and_the_console(app, live, connect):
    from facilitator.live import phase_control
    from facilitator.sessions.phases import Phase

    phase_control.move_to_phase(live.session, Phase.group_work, live.owner)
    projector, moderator = connect(), connect(live.owner)
    call(projector, "watch", {"projector_token": live.session.projector_token})
    call(moderator, "watch", {"session_id": live.session.id})
    drain(projector), drain(moderator)
    group = live.session.groups[0]
    writer = co_editor(app, live.member)
    try:
        assert writer.emit("join", {"group_id": group.id}, namespace=WORKSPACE, callback=True)["ok"]
        replica = Replica()
        replica.type("idea", "Наставничество выпускников")
        ack = writer.emit(
            "update",
            {"group_id": group.id, "update": replica.take()},
            namespace=WORKSPACE,
            callback=True,
        )
        assert ack["ok"], ack
        for screen in (projector, moderator):
            progress = wait_for(screen, "progress")[-1]["groups"][str(group.id)]
            assert progress["filled"] == 1
            assert progress["seq"] == ack["seq"]
    finally:
        writer.disconnect(namespace=WORKSPACE)


def test_online_counts_phones_in_a_model_too_and_a_phone_on_both_once(app, live, connect):
    group, other_group = live.session.groups
    phone = connect(live.member)
    call(phone, "watch", {"code": live.session.join_code})
    projector = connect()
    call(projector, "watch", {"projector_token": live.session.projector_token})
    drain(projector)
    same_phone = co_editor(app, live.member)
    other_phone = co_editor(app, live.other_member)
    try:
        for client, group_id in ((same_phone, group.id), (other_phone, other_group.id)):
            ack = client.emit("join", {"group_id": group_id}, namespace=WORKSPACE, callback=True)
            assert ack["ok"], ack
        assert dashboard.online_participants(live.session) == 2
        deadline = time.monotonic() + PATIENCE_SECONDS
        online = None
        while online != 2 and time.monotonic() < deadline:
            online = wait_for(projector, "counts")[-1]["online"]
    finally:
        other_phone.disconnect(namespace=WORKSPACE)
        same_phone.disconnect(namespace=WORKSPACE)
    assert online == 2
    assert dashboard.online_participants(live.session) == 1
