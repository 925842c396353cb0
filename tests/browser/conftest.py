"""A real server in a subprocess with prepared data, and Chromium to drive it."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.live_server import free_port, running
from tests.services import chromium_path

MODERATOR_EMAIL = "browser@example.org"
MODERATOR_PASSWORD = "correct horse battery"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SESSION_TITLE = "Модели взаимодействия школы с социальными партнёрами"


@contextmanager
def moderators_session(
    instance: Path,
    database_url: str,
    *,
    phase: str,
    title: str = SESSION_TITLE,
    starts_at: dt.time = dt.time(11, 0),
    ends_at: dt.time = dt.time(14, 0),
    **config: object,
) -> Iterator[Any]:
    """A migrated database with the browser tests' moderator and one session of theirs in Russian,
    with the default template, yielded inside the app's context to be filled in; committed and the
    database closed on leaving."""
    from facilitator import create_app
    from facilitator.accounts.models import Moderator
    from facilitator.cli import upgrade_database
    from facilitator.extensions import db
    from facilitator.sessions.codes import new_join_code, new_projector_token
    from facilitator.sessions.model_templates import give_session_template
    from facilitator.sessions.models import DesignSession

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)} | config
    )
    with app.app_context():
        upgrade_database()
        owner = Moderator(email=MODERATOR_EMAIL, full_name="Мария Иванова")
        owner.set_password(MODERATOR_PASSWORD)
        session = DesignSession(
            title=title,
            date=dt.date(2023, 3, 27),
            starts_at=starts_at,
            ends_at=ends_at,
            language="ru",
            phase=phase,
            owner=owner,
            join_code=new_join_code(),
            projector_token=new_projector_token(),
        )
        give_session_template(session)
        db.session.add(session)
        try:
            yield session
            db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()


@dataclass(frozen=True)
class LiveWorkspace:
    """A running server and the people of one creative group."""

    base_url: str
    session_id: int
    group_id: int
    #: Device cookies of three members of the group
    devices: tuple[str, str, str]
    #: Device cookie of a participant of the session's other group
    observer_device: str
    #: The other group, whose model has one recorded version and later text
    other_group_id: int
    #: Template section keys by kind, in order
    text_keys: tuple[str, ...]
    table_key: str
    table_columns: tuple[str, ...]
    moderator_email: str = MODERATOR_EMAIL
    moderator_password: str = MODERATOR_PASSWORD


def prepare_data(instance: Path, database_url: str) -> dict:
    """Create the schema and one session in group work with three members of group 1."""
    from facilitator.extensions import db
    from facilitator.sessions.models import CreativeGroup, Participant

    with moderators_session(
        instance, database_url, phase="group_work", ASYNC_MODE="threading"
    ) as session:
        group = CreativeGroup(
            name="Группа 1",
            model_topic="Школа и социальные партнёры: профессиональный выбор учащихся",
            position=0,
        )
        other_group = CreativeGroup(name="Группа 2", position=1)
        session.groups.extend([group, other_group])
        devices = []
        people = [("Анна Петрова", group), ("Борис Смирнов", group), ("Вера Козлова", group)]
        for name, own_group in [*people, ("Глеб Орлов", other_group)]:
            device = secrets.token_urlsafe(24)
            devices.append(device)
            session.participants.append(
                Participant(
                    group=own_group,
                    device_id=device,
                    full_name=name,
                    organisation="ГБОУ СОШ № 496",
                    position="учитель",
                    city="Московский район",
                    consented_at=dt.datetime.now(dt.UTC),
                )
            )
        db.session.commit()
        sections = session.template.sections
        table = next(s for s in sections if s.kind.value == "table")
        give_history(session, other_group, sections[0].key, table)
        return {
            "session_id": session.id,
            "group_id": group.id,
            "devices": tuple(devices[:3]),
            "observer_device": devices[3],
            "other_group_id": other_group.id,
            "text_keys": tuple(s.key for s in sections if s.kind.value == "text"),
            "table_key": table.key,
            "table_columns": tuple(c["key"] for c in table.columns),
        }


def give_history(session, group, text_key: str, table) -> None:
    """Write into a group's model, record a version, then write more (through the engine)."""
    from pycrdt import Array, Doc, Map, Text

    from facilitator.realtime import documents, live_document, service

    author = live_document.Author("moderator", session.owner_id)
    doc = Doc()
    doc[f"text:{text_key}"] = Text("Модель, как её записали к обеду")
    doc[f"table:{table.key}"] = Array()
    row = {"id": "row-1"} | {c["key"]: Text(f"{c['title']} 1") for c in table.columns}
    doc[f"table:{table.key}"].append(Map(row))
    documents.append_update(group, doc.get_update(), author)
    service.record_versions(session, reason="phase")
    doc[f"text:{text_key}"] += ", и что дописали потом"
    documents.append_update(group, doc.get_update(), author)


@contextmanager
def served_on_sqlite(
    tmp_path: Path, prepare: Callable[[Path, str], dict], env: dict[str, str] | None = None
) -> Iterator[tuple[str, dict]]:
    """Fill a fresh SQLite database with `prepare(instance, url)`, then serve it with `run`
    (with ``env`` added to the server's environment)."""
    chromium_path()
    database_url = f"sqlite:///{tmp_path / 'live.db'}"
    data = prepare(tmp_path / "instance", database_url)
    server_env = {
        "FACILITATOR_INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
    } | (env or {})
    mode = os.environ.get("FACILITATOR_BROWSER_ASYNC_MODE", "gevent")
    with running(free_port(), server_env, async_mode=mode, tmp_path=tmp_path) as server:
        try:
            yield server.base_url, data
        finally:
            # Captured output is only displayed when the test failed.
            print(f"--- server log ---\n{server.output()[-5000:]}")


@pytest.fixture
def live_workspace(tmp_path) -> Iterator[LiveWorkspace]:
    """`facilitator run` in a subprocess on SQLite, with one group of three members."""
    with served_on_sqlite(tmp_path, prepare_data) as (base_url, data):
        yield LiveWorkspace(base_url=base_url, **data)
