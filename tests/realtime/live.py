"""Helpers for live transport tests: databases for server processes, and Socket.IO clients."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import socketio
import sqlalchemy as sa
from flask_migrate import upgrade

from facilitator import create_app
from facilitator.config import TestConfig
from facilitator.extensions import db
from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.updates import sections_from_dicts
from tests.realtime.replica import Replica
from tests.realtime.seed import Seeded, seed_workspace
from tests.services import postgres_url

NAMESPACE = "/workspace"
WAIT_SECONDS = 30.0


def prepare_database(url: str, tmp_path: Path, **seed_options) -> Seeded:
    """Migrate the database the servers will use and put a session with a group in it."""
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app(
        config | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "seed-instance")}
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        seeded = seed_workspace(**seed_options)
        db.session.remove()
        db.engine.dispose()
    return seeded


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for the test's servers, dropped afterwards."""
    admin_url = sa.engine.make_url(postgres_url()).set(drivername="postgresql+psycopg")
    name = f"facilitator_live_{secrets.token_hex(6)}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            # template0 accepts no connections, so nobody else's session on template1 can
            # make CREATE DATABASE fail.
            connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
        yield admin_url.set(database=name, drivername="postgresql").render_as_string(
            hide_password=False
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def wait_until(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> bool:
    """Poll until the condition holds or the time is up; tell which."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class LiveClient:
    """A python-socketio client with a pycrdt replica, like one browser tab."""

    def __init__(self, base_url: str, device_id: str, group_id: int) -> None:
        self.base_url = base_url
        self.device_id = device_id
        self.group_id = group_id
        self.replica = Replica()
        self.sections: list[dict[str, Any]] = []
        self.events: list[tuple[str, Any]] = []
        self._lock = threading.Lock()
        self.sio = self._new_socket()

    def _new_socket(self) -> socketio.Client:
        sio = socketio.Client(reconnection=False, request_timeout=20)
        sio.on("update", self._on_update, namespace=NAMESPACE)
        sio.on("presence", self._record("presence"), namespace=NAMESPACE)
        sio.on("progress", self._record("progress"), namespace=NAMESPACE)
        sio.on("status", self._record("status"), namespace=NAMESPACE)
        return sio

    def _record(self, name: str) -> Callable[[Any], None]:
        def handler(payload: Any) -> None:
            with self._lock:
                self.events.append((name, payload))

        return handler

    def _on_update(self, payload: dict[str, Any]) -> None:
        with self._lock:
            self.events.append(("update", payload))
            self.replica.apply(payload["update"])

    def connect(self, base_url: str | None = None) -> LiveClient:
        """Open the websocket, with the device cookie as the browser would send it."""
        self.base_url = base_url or self.base_url
        if self.sio.connected:
            self.sio.disconnect()
        self.sio = self._new_socket()
        self.sio.connect(
            self.base_url,
            namespaces=[NAMESPACE],
            transports=["websocket"],
            headers={"Cookie": f"facilitator_device={self.device_id}"},
            wait_timeout=20,
        )
        return self

    def call(self, event: str, payload: dict[str, Any]) -> Any:
        """Emit with an acknowledgement and return it."""
        return self.sio.call(event, payload, namespace=NAMESPACE, timeout=20)

    def join(self) -> dict[str, Any]:
        """Join the group, apply what the server had, send what the server lacks."""
        with self._lock:
            vector = self.replica.state_vector()
        ack = self.call("join", {"group_id": self.group_id, "state_vector": vector})
        assert ack["ok"], ack
        self.sections = ack["sections"]
        with self._lock:
            self.replica.apply(ack["update"])
            missing = self.replica.missing_from(ack["state_vector"])
            self.replica.pending.clear()
        sent = self.call("update", {"group_id": self.group_id, "update": missing})
        assert sent["ok"], sent
        return ack

    def type(self, text: str, at_start: bool = False) -> dict[str, Any] | None:
        """Type into the idea section locally; send it when connected and return the ack."""
        with self._lock:
            self.replica.type("idea", text, at=0 if at_start else None)
            update = self.replica.take()
        if not self.sio.connected:
            return None  # kept by the replica; join() sends it after reconnecting
        return self.call("update", {"group_id": self.group_id, "update": update})

    def text(self) -> str:
        """The idea section as this client sees it."""
        with self._lock:
            return str(self.replica.text("idea"))

    def snapshot(self) -> dict[str, Any]:
        """The whole document in the server's structured form."""
        with self._lock:
            state = self.replica.doc.get_update()
        return ModelDocument(state).snapshot(sections_from_dicts(self.sections))

    def received(self, name: str) -> list[Any]:
        """Payloads of one event received so far."""
        with self._lock:
            return [payload for event, payload in self.events if event == name]

    def close(self) -> None:
        """Disconnect if connected."""
        if self.sio.connected:
            self.sio.disconnect()
