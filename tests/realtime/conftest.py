"""Fixtures for co-editing: a session with groups, people, and Socket.IO test clients."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask_socketio.test_client import SocketIOTestClient

from facilitator.accounts.models import Moderator
from facilitator.extensions import socketio
from facilitator.realtime.protocol import NAMESPACE
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from tests.conftest import PASSWORD


def new_device_id() -> str:
    """A device id of the length the device cookie accepts."""
    return secrets.token_urlsafe(24)


@dataclass
class Workspace:
    """A design session with two groups and people in every role around group 1."""

    session: DesignSession
    group: CreativeGroup
    other_group: CreativeGroup
    owner: Moderator
    member: Participant
    second_member: Participant
    other_participant: Participant
    outsider: Participant
    co_moderator_elsewhere: Moderator
    clients: list[SocketIOTestClient] = field(default_factory=list)


@pytest.fixture
def workspace(app, moderator, make_moderator, make_session, make_participant) -> Workspace:
    """A session in group work; group 1 has two members; others in and out of the session."""
    session = make_session(groups=2, phase="group_work")
    group, other_group = session.groups
    elsewhere = make_session(owner=make_moderator(), groups=1)
    co_moderator = make_moderator(full_name="Пётр Сидоров")
    elsewhere.co_moderators.append(co_moderator)
    return Workspace(
        session=session,
        group=group,
        other_group=other_group,
        owner=moderator,
        member=make_participant(session, group, device_id=new_device_id(), full_name="Анна"),
        second_member=make_participant(
            session, group, device_id=new_device_id(), full_name="Борис"
        ),
        other_participant=make_participant(
            session, other_group, device_id=new_device_id(), full_name="Вера"
        ),
        outsider=make_participant(
            elsewhere, elsewhere.groups[0], device_id=new_device_id(), full_name="Глеб"
        ),
        co_moderator_elsewhere=co_moderator,
    )


@pytest.fixture
def connect(app: Flask) -> Iterator[Callable[..., SocketIOTestClient]]:
    """Return a callable which opens a /workspace test connection as a person (or nobody)."""
    opened: list[SocketIOTestClient] = []

    def _connect(person: Participant | Moderator | None = None) -> SocketIOTestClient:
        http = app.test_client()
        if isinstance(person, Participant):
            http.set_cookie(app.config["DEVICE_COOKIE_NAME"], person.device_id)
        elif isinstance(person, Moderator):
            response = http.post("/login", data={"email": person.email, "password": PASSWORD})
            assert response.status_code == 302
        client = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=http)
        assert client.is_connected(NAMESPACE)
        opened.append(client)
        return client

    yield _connect
    for client in opened:
        if client.is_connected(NAMESPACE):
            client.disconnect(namespace=NAMESPACE)


def call(client: SocketIOTestClient, event: str, payload: Any = None) -> Any:
    """Emit an event with an acknowledgement callback and return the acknowledgement."""
    return client.emit(event, payload, namespace=NAMESPACE, callback=True)


def drain(client: SocketIOTestClient) -> dict[str, list[dict[str, Any]]]:
    """The payloads of the events the client got since the last look, by event name."""
    events: dict[str, list[dict[str, Any]]] = {}
    for packet in client.get_received(NAMESPACE):
        events.setdefault(packet["name"], []).append(packet["args"][0])
    return events
