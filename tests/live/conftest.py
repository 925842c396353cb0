"""Fixtures for live control: a session with an agenda, people in every role, /live clients."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio.test_client import SocketIOTestClient

from facilitator.accounts.models import Moderator
from facilitator.extensions import db, socketio
from facilitator.live.broadcast import NAMESPACE
from facilitator.sessions.models import AgendaItem, DesignSession, Participant
from facilitator.sessions.phases import AgendaKind
from tests.conftest import PASSWORD, settle_background_sends

#: (kind, title, speaker, credentials, minutes) of the agenda, after seed 000
AGENDA = [
    (AgendaKind.opening, "Открытие дизайн-сессии", "Мария Иванова", "директор ГБОУ СОШ № 496", 10),
    (
        AgendaKind.talk,
        "Профессиональное самоопределение учащихся",
        "Олег Петров",
        "к.п.н., доцент",
        20,
    ),
    (AgendaKind.group_work, "Работа в творческих группах", "", "", 60),
    (AgendaKind.presentations, "Публичная презентация моделей", "", "", 30),
    (AgendaKind.open_mic, "Открытый микрофон", "", "", 15),
    (AgendaKind.voting, "Голосование", "", "", 10),
    (AgendaKind.survey, "Онлайн-опрос", "", "", 5),
]


#: A moment on the day of the session of seed 000, in ms since the epoch
T0 = 1_679_904_000_000


@pytest.fixture
def clock(monkeypatch) -> dict[str, int]:
    """Control the server clock the live services read: ``clock["ms"] += 1000``."""
    from facilitator.live import state

    now = {"ms": T0}
    monkeypatch.setattr(state, "now_ms", lambda: now["ms"])
    return now


@dataclass
class LiveSession:
    """A session in registration with an agenda, two groups and people around it."""

    session: DesignSession
    owner: Moderator
    co_moderator: Moderator
    stranger: Moderator
    member: Participant
    other_member: Participant

    @property
    def items(self) -> list[AgendaItem]:
        """The agenda in order."""
        return list(self.session.agenda)


def device() -> str:
    """A device id of the length the device cookie accepts."""
    return secrets.token_urlsafe(24)


@pytest.fixture
def live(app, moderator, make_moderator, make_session, make_participant) -> LiveSession:
    """A session in the lobby with the agenda of seed 000 and one member in each group."""
    session = make_session(groups=2, phase="lobby")
    start = dt.datetime.combine(session.date, session.starts_at)
    for position, (kind, title, speaker, credentials, minutes) in enumerate(AGENDA):
        session.agenda.append(
            AgendaItem(
                position=position,
                starts_at=start.time(),
                duration_minutes=minutes,
                kind=kind,
                title=title,
                speaker=speaker,
                speaker_credentials=credentials,
            )
        )
        start += dt.timedelta(minutes=minutes)
    co_moderator = make_moderator(full_name="Пётр Сидоров")
    session.co_moderators.append(co_moderator)
    db.session.commit()
    group, other_group = session.groups
    return LiveSession(
        session=session,
        owner=moderator,
        co_moderator=co_moderator,
        stranger=make_moderator(full_name="Чужой Модератор"),
        member=make_participant(session, group, device_id=device(), full_name="Анна Петрова"),
        other_member=make_participant(
            session, other_group, device_id=device(), full_name="Борис Смирнов"
        ),
    )


def http_client(app: Flask, person: Participant | Moderator | None) -> FlaskClient:
    """A browser-like client carrying the person's cookies."""
    http = app.test_client()
    if isinstance(person, Participant):
        http.set_cookie(app.config["DEVICE_COOKIE_NAME"], person.device_id)
    elif isinstance(person, Moderator):
        response = http.post("/login", data={"email": person.email, "password": PASSWORD})
        assert response.status_code == 302
    return http


@pytest.fixture
def connect(app: Flask) -> Iterator[Callable[..., SocketIOTestClient]]:
    """Return a callable which opens a /live test connection as a person (or nobody)."""
    opened: list[SocketIOTestClient] = []

    def _connect(person: Participant | Moderator | None = None) -> SocketIOTestClient:
        client = socketio.test_client(
            app, namespace=NAMESPACE, flask_test_client=http_client(app, person)
        )
        assert client.is_connected(NAMESPACE)
        opened.append(client)
        return client

    yield _connect
    for client in opened:
        if client.is_connected(NAMESPACE):
            client.disconnect(namespace=NAMESPACE)
    # What the disconnections set off must not reach the next test's screens.
    settle_background_sends(app)


def call(client: SocketIOTestClient, event: str, payload: Any = None) -> Any:
    """Emit an event with an acknowledgement callback and return the acknowledgement."""
    return client.emit(event, payload, namespace=NAMESPACE, callback=True)


def drain(client: SocketIOTestClient) -> dict[str, list[dict[str, Any]]]:
    """The payloads of the events the client got since the last look, by event name."""
    events: dict[str, list[dict[str, Any]]] = {}
    for packet in client.get_received(NAMESPACE):
        events.setdefault(packet["name"], []).append(packet["args"][0])
    return events


def write_model(group, texts: dict[str, str], rows: dict[str, list[dict[str, str]]] | None = None):
    """Type text sections and table rows into a group's model through the co-editing service."""
    from facilitator.realtime.documents import append_update
    from facilitator.realtime.live_document import Author
    from tests.realtime.replica import Replica, unb64

    replica = Replica()
    for key, text in texts.items():
        replica.type(key, text)
    template = {section.key: section for section in group.session.template.sections}
    for key, values in (rows or {}).items():
        columns = [column["key"] for column in template[key].columns]
        for row in values:
            replica.add_row(key, columns, row)
    return append_update(group, unb64(replica.take()), Author("moderator", None))
