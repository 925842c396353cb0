"""A backup taken while participants edit restores into a fresh instance with every acked edit."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from facilitator import create_app
from facilitator.config import TestConfig
from facilitator.extensions import db
from facilitator.realtime import snapshots
from facilitator.sessions.models import CreativeGroup
from tests.live_server import facilitator_command, free_port, live_servers  # noqa: F401
from tests.realtime.live import LiveClient, fresh_postgres_database, prepare_database
from tests.services import postgres_url, skip_or_fail

pytestmark = pytest.mark.live

#: Letters acknowledged before the backup starts: they must all come back
BEFORE = 12
#: Seconds between letters: a fast typist, under the server's rate limit for updates
PAUSE = 0.08


def pg_tools_match_the_server() -> str | None:
    """Why pg_dump cannot back up the test server, or None when it can."""
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        return "pg_dump/pg_restore are not installed"
    printed = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
    client = int(re.search(r"(\d+)", printed).group(1))
    engine = sa.create_engine(sa.make_url(postgres_url()).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as connection:
            server = int(connection.execute(sa.text("SHOW server_version_num")).scalar()) // 10000
    finally:
        engine.dispose()
    if client < server:
        return f"pg_dump {client} cannot dump a PostgreSQL {server} server"
    return None


@contextmanager
def database(kind: str, tmp_path: Path, name: str) -> Iterator[str]:
    """A new empty database of the kind; its URL."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
        return
    postgres_url()  # skips (or fails under FACILITATOR_REQUIRE_SERVICES) without PostgreSQL
    reason = pg_tools_match_the_server()
    if reason:
        skip_or_fail(reason)
    with fresh_postgres_database() as url:
        yield url


def facilitator(*args: str, url: str, instance: Path) -> subprocess.CompletedProcess:
    """Run a `facilitator` command on a database and instance folder."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(instance.parent),
        "DATABASE_URL": url,
        "FACILITATOR_INSTANCE_PATH": str(instance),
    }
    return subprocess.run(
        [*facilitator_command(), *args], env=env, capture_output=True, text=True, timeout=120
    )


def stored_idea(url: str, tmp_path: Path, group_id: int) -> str:
    """The idea section of the group's model as the database holds it."""
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app(
        config | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "reader")}
    )
    with app.app_context():
        group = db.session.get(CreativeGroup, group_id)
        text = snapshots.stored_snapshot(group)["sections"]["idea"]["text"]
        db.session.remove()
        db.engine.dispose()
    return text


class Typist(threading.Thread):
    """Types letters one by one until told to stop, keeping the text the server acknowledged."""

    def __init__(self, client: LiveClient) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.acknowledged = ""
        self.stopping = threading.Event()
        self.typed = threading.Semaphore(0)
        self.error: BaseException | None = None

    def run(self) -> None:
        """Type until stopped; a failure is kept for the test to raise."""
        try:
            number = 0
            while not self.stopping.is_set():
                letter = "абвгдежзийклмнопрстуфхцчшщ"[number % 26]
                ack = self.client.type(letter)
                assert ack and ack["ok"], ack
                self.acknowledged += letter
                number += 1
                self.typed.release()
                time.sleep(PAUSE)
        except BaseException as error:  # reported by the test
            self.error = error


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_backup_taken_while_members_edit_restores_every_acknowledged_edit(
    live_servers,  # noqa: F811
    tmp_path,
    kind,
):
    with database(kind, tmp_path, "source") as url, database(kind, tmp_path, "fresh") as fresh:
        seeded = prepare_database(url, tmp_path)
        server = live_servers.start(free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path)
        instance = Path(server.env["FACILITATOR_INSTANCE_PATH"])
        (_, device), *_ = seeded.members
        client = LiveClient(server.base_url, device, seeded.group_id).connect()
        typist = Typist(client)
        try:
            client.join()
            typist.start()
            for _ in range(BEFORE):
                assert typist.typed.acquire(timeout=30), typist.error
            before_backup = typist.acknowledged
            archive = tmp_path / "backup.tar.gz"

            made = facilitator("backup", "--out", str(archive), url=url, instance=instance)

            during = typist.acknowledged
        finally:
            typist.stopping.set()
            typist.join(timeout=30)
            client.close()
        assert typist.error is None, typist.error
        assert made.returncode == 0, made.stderr
        assert "Backup written" in made.stdout
        assert len(during) > len(before_backup)  # members kept editing while it ran

        target = tmp_path / "fresh-instance"
        restored = facilitator("restore", str(archive), url=fresh, instance=target)

        assert restored.returncode == 0, restored.stderr + restored.stdout
        assert "Database restored" in restored.stdout
        text = stored_idea(fresh, tmp_path, seeded.group_id)
        assert text.startswith(before_backup)
        assert typist.acknowledged.startswith(text)  # one consistent moment of the editing
        assert (target / "secret_key").read_text() == (instance / "secret_key").read_text()
