"""Shared fixtures: an app per test on a fresh database, clients, and factories."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Iterator

import jinja2
import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask
from flask.testing import FlaskClient

from facilitator import create_app
from facilitator.accounts.models import Moderator
from facilitator.config import TestConfig
from facilitator.extensions import db
from facilitator.live.progress_push import EXTENSION as PROGRESS_PUSH
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.model_templates import give_session_template
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from tests.services import postgres_url

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


class SharedTemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept for every app of the test run.

    Each test builds an app of its own, with a Jinja environment of its own: compiling again
    every template a test renders took a sixth of the suite's time. A template's code is kept
    under its name and checked against its source, as Jinja's own caches do.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket with the code compiled for this template, if any."""
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code just compiled."""
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()


def build_app(database_url: str, tmp_path, **overrides) -> Flask:
    """An app on the given database with an empty schema."""
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()} | {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    app = create_app(config | overrides)
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    with app.app_context():
        reset_schema()
    return app


def settle_background_sends(app: Flask, seconds: float = 5) -> None:
    """Wait for the counts and progress the test set off to be sent (0.2 s later, in a task).

    Sent after the test, they would reach the next test's rooms through the one Socket.IO server
    every test shares, and query a database whose engine the teardown already disposed (a
    connection then left open for the collector to warn about).
    """
    push = app.extensions.get(PROGRESS_PUSH)
    deadline = time.monotonic() + seconds
    while push is not None and push.waiting and time.monotonic() < deadline:
        time.sleep(0.02)


def reset_schema() -> None:
    """Drop everything (alembic's table too) and create the models' tables."""
    db.session.remove()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    db.drop_all()
    db.create_all()


@pytest.fixture(params=["sqlite", "postgres"])
def backend_url(request, tmp_path) -> str:
    """Each database the model layer must work on."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return postgres_url()


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    """An app on a fresh SQLite file, inside an application context."""
    app = build_app(f"sqlite:///{tmp_path / 'test.db'}", tmp_path)
    with app.app_context():
        yield app
        settle_background_sends(app)
        db.session.remove()


@pytest.fixture
def any_backend_app(backend_url, tmp_path) -> Iterator[Flask]:
    """The app on SQLite and on PostgreSQL in turn."""
    app = build_app(backend_url, tmp_path)
    with app.app_context():
        yield app
        settle_background_sends(app)
        db.session.remove()
        # Sessions a socket handler or a background task left open hold a connection that
        # dispose() would not close; closed now, none is left for the collector to find open.
        so.close_all_sessions()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    """A browser-like client without a login."""
    return app.test_client()


@pytest.fixture
def make_moderator(app) -> Callable[..., Moderator]:
    """Return a callable which creates moderator accounts."""

    def _make(email: str | None = None, full_name: str = "Мария Иванова") -> Moderator:
        moderator = Moderator(
            email=email or f"moderator{next(_counter)}@example.org", full_name=full_name
        )
        moderator.set_password(PASSWORD)
        db.session.add(moderator)
        db.session.commit()
        return moderator

    return _make


@pytest.fixture
def moderator(make_moderator) -> Moderator:
    """One moderator account."""
    return make_moderator()


@pytest.fixture
def login(client) -> Callable[[Moderator], None]:
    """Return a callable which logs the client in as a moderator."""

    def _login(moderator: Moderator) -> None:
        response = client.post("/login", data={"email": moderator.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)

    return _login


@pytest.fixture
def moderator_client(client, moderator, login) -> FlaskClient:
    """A client logged in as `moderator`."""
    login(moderator)
    return client


@pytest.fixture
def make_session(moderator) -> Callable[..., DesignSession]:
    """Return a callable which creates sessions with the default template and groups."""

    def _make(
        owner: Moderator | None = None, groups: int = 2, capacity: int = 10, **fields
    ) -> DesignSession:
        values = {
            "title": "Модели взаимодействия школы с социальными партнёрами",
            "date": dt.date(2023, 3, 27),
            "starts_at": dt.time(11, 0),
            "ends_at": dt.time(14, 0),
            "language": "ru",
            "phase": "lobby",
        } | fields
        session = DesignSession(
            owner=owner or moderator,
            join_code=new_join_code(),
            projector_token=new_projector_token(),
            **values,
        )
        for index in range(groups):
            session.groups.append(
                CreativeGroup(name=f"Группа {index + 1}", position=index, capacity=capacity)
            )
        give_session_template(session)
        db.session.add(session)
        db.session.commit()
        return session

    return _make


@pytest.fixture
def make_participant() -> Callable[..., Participant]:
    """Return a callable which registers a participant directly in the database."""

    def _make(session: DesignSession, group: CreativeGroup | None = None, **fields) -> Participant:
        number = next(_counter)
        values = {
            "full_name": f"Участник {number}",
            "organisation": "ГБОУ СОШ № 496",
            "position": "учитель",
            "city": "Московский район",
            "device_id": f"device-{number}",
            "consented_at": dt.datetime.now(dt.UTC),
        } | fields
        participant = Participant(session=session, group=group, **values)
        db.session.add(participant)
        db.session.commit()
        return participant

    return _make
