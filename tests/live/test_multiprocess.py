"""Two `facilitator run` processes on PostgreSQL and Redis: what one process changes, the phones
and the projector on the other hear, whole and in their language."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import socketio
import sqlalchemy as sa

from tests.live_server import live_servers  # noqa: F401
from tests.realtime.live import prepare_database
from tests.realtime.replica import Replica
from tests.realtime.test_multiprocess import moderator_browser, shared_env, two_processes  # noqa: F401

pytestmark = [pytest.mark.live, pytest.mark.postgres, pytest.mark.redis]

#: A bound on waiting for a message from the other process (not a measurement)
PATIENCE_SECONDS = 20


class Client:
    """A python-socketio client that records what it receives on one namespace."""

    def __init__(self, base_url: str, namespace: str, cookie: str = "") -> None:
        self.namespace = namespace
        self.socket = socketio.Client(reconnection=False)
        self.received: list[tuple[str, Any]] = []
        self._lock = threading.Lock()
        for event in ("now", "progress", "counts"):
            self.socket.on(event, self._recorder(event), namespace=namespace)
        self.socket.connect(
            base_url,
            headers={"Cookie": cookie} if cookie else {},
            namespaces=[namespace],
            transports=["websocket"],
            wait_timeout=PATIENCE_SECONDS,
        )

    def _recorder(self, event: str):
        def record(payload: Any) -> None:
            with self._lock:
                self.received.append((event, payload))

        return record

    def call(self, event: str, payload: Any) -> Any:
        """Emit with an acknowledgement and return it."""
        return self.socket.call(event, payload, namespace=self.namespace, timeout=PATIENCE_SECONDS)

    def wait_for(self, event: str, test) -> Any:
        """The first ``event`` payload for which ``test`` holds, waiting for it."""
        deadline = time.monotonic() + PATIENCE_SECONDS
        while time.monotonic() < deadline:
            with self._lock:
                found = [p for name, p in self.received if name == event and test(p)]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"no matching {event} within {PATIENCE_SECONDS} s: {self.received}")


def test_the_other_process_hears_phase_changes_whole_and_progress_and_counts_co_editors(
    live_servers,  # noqa: F811
    shared_env,  # noqa: F811
    tmp_path,
):
    seeded = prepare_database(shared_env["DATABASE_URL"], tmp_path, members=2, phase="talks")
    engine = sa.create_engine(shared_env["DATABASE_URL"])
    with engine.connect() as connection:
        code, token = connection.execute(
            sa.text("SELECT join_code, projector_token FROM design_sessions WHERE id = :id"),
            {"id": seeded.session_id},
        ).one()
    engine.dispose()
    (_, writer_device), (_, phone_device) = seeded.members
    one, two = two_processes(live_servers, shared_env, tmp_path)
    browser, _token = moderator_browser(one, seeded)
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    clients: list[Client] = []
    try:
        moderator = Client(one.base_url, "/live", cookie)
        phone = Client(two.base_url, "/live", f"facilitator_device={phone_device}")
        projector = Client(two.base_url, "/live")
        clients += [moderator, phone, projector]
        assert moderator.call("watch", {"session_id": seeded.session_id})["ok"]
        assert phone.call("watch", {"code": code, "locale": "en"})["ok"]
        assert projector.call("watch", {"projector_token": token})["ok"]

        started = moderator.call(
            "timer_control", {"session_id": seeded.session_id, "action": "start", "minutes": 5}
        )
        assert started["ok"], started
        ack = moderator.call("set_phase", {"session_id": seeded.session_id, "phase": "group_work"})
        assert ack["ok"], ack
        now = phone.wait_for("now", lambda p: p["view"] == ack["now"]["view"])
        assert now["label"] == "Group work"
        # The timer the moderator started runs on through the phase change, in the same message.
        assert now["timer"]["state"] == "running"
        for key in ("ends_at_ms", "duration_ms"):
            assert now["timer"][key] == ack["now"]["timer"][key] == started["now"]["timer"][key]

        writer = Client(one.base_url, "/workspace", f"facilitator_device={writer_device}")
        clients.append(writer)
        assert writer.call("join", {"group_id": seeded.group_id})["ok"]
        # A phone in the model on one process, a phone on /live on the other: two online.
        projector.wait_for("counts", lambda p: p["online"] == 2)

        replica = Replica()
        replica.type("idea", "Наставничество выпускников")
        done = writer.call("update", {"group_id": seeded.group_id, "update": replica.take()})
        assert done["ok"], done
        progress = projector.wait_for("progress", lambda p: str(seeded.group_id) in p["groups"])[
            "groups"
        ][str(seeded.group_id)]
        assert (progress["filled"], progress["seq"]) == (1, done["seq"])
    finally:
        for client in clients:
            client.socket.disconnect()
        live_servers.kill_all()
