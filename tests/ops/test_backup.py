"""Backup archives: what they hold, and the refusals that keep a restore from doing harm."""

from __future__ import annotations

import json
import tarfile

import pytest
import sqlalchemy as sa

from facilitator.ops import backup
from tests.realtime.live import prepare_database


@pytest.fixture
def source(tmp_path) -> backup.Target:
    """A migrated SQLite database with a session in it, and an instance folder with secrets."""
    url = f"sqlite:///{tmp_path / 'source.db'}"
    prepare_database(url, tmp_path)
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("the-generated-secret")
    (instance / "setup_token.sha256").write_text("abc")
    for name in ("facilitator.db", "facilitator.db-wal", "old.tar.gz"):
        (instance / name).write_text("not to be archived")
    return backup.Target(url, instance)


def count(url: str, table: str) -> int:
    """Rows in a table."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
    finally:
        engine.dispose()


def test_the_archive_holds_the_database_the_instance_secrets_and_a_manifest(source, tmp_path):
    said: list[str] = []
    archive = backup.create(source, tmp_path / "out" / "b.tar.gz", say=said.append)

    with tarfile.open(archive) as tar:
        names = sorted(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names == [
        "database/facilitator.sqlite",
        "instance/secret_key",
        "instance/setup_token.sha256",
        "manifest.json",
    ]
    assert manifest["database"] == "sqlite"
    assert manifest["revision"]
    assert archive.stat().st_mode & 0o077 == 0
    assert any("Backup written" in line for line in said)


def test_a_restore_into_a_fresh_instance_brings_back_rows_and_secrets(source, tmp_path):
    archive = backup.create(source, tmp_path / "b.tar.gz", say=lambda _: None)
    fresh = backup.Target(f"sqlite:///{tmp_path / 'fresh' / 'f.db'}", tmp_path / "fresh-inst")
    said: list[str] = []

    backup.restore(fresh, archive, say=said.append)

    assert count(fresh.database_url, "design_sessions") == 1
    assert count(fresh.database_url, "participants") == 2
    assert (fresh.instance_path / "secret_key").read_text() == "the-generated-secret"
    assert any("Database restored" in line for line in said)
    assert any("secret_key" in line for line in said)


def test_a_restore_over_data_is_refused_without_force(source, tmp_path):
    archive = backup.create(source, tmp_path / "b.tar.gz", say=lambda _: None)

    with pytest.raises(backup.BackupError, match="--force"):
        backup.restore(source, archive, say=lambda _: None)

    backup.restore(source, archive, force=True, say=lambda _: None)
    assert count(source.database_url, "design_sessions") == 1


def test_a_migrated_but_empty_database_counts_as_empty(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num TEXT)"))
        connection.execute(sa.text("INSERT INTO alembic_version VALUES ('abc')"))
        connection.execute(sa.text("CREATE TABLE design_sessions (id INTEGER)"))
    engine.dispose()

    assert backup.is_empty(backup.Target(url, tmp_path))


def test_a_backup_of_one_kind_is_not_restored_into_another(source, tmp_path):
    archive = backup.create(source, tmp_path / "b.tar.gz", say=lambda _: None)
    postgres = backup.Target("postgresql://nobody@127.0.0.1:1/none", tmp_path / "pg")

    with pytest.raises(backup.BackupError, match="holds a sqlite database"):
        backup.restore(postgres, archive, say=lambda _: None)


def test_an_archive_without_a_manifest_is_not_a_backup(tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(__file__, arcname="something.py")

    with pytest.raises(backup.BackupError, match="not a Facilitator backup"):
        backup.restore(backup.Target(f"sqlite:///{tmp_path / 'x.db'}", tmp_path), archive)


def test_without_pg_dump_on_path_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    target = backup.Target("postgresql://nobody@127.0.0.1:1/none", tmp_path / "inst")

    with pytest.raises(backup.BackupError, match="pg_dump was not found on PATH"):
        backup.create(target, tmp_path / "b.tar.gz", say=lambda _: None)


def test_the_password_goes_to_pg_dump_by_environment_not_argv():
    dsn, env = backup._libpq(sa.make_url("postgresql+psycopg://fac:s3cret@db:5433/prod"))

    assert dsn == "postgresql://fac@db:5433/prod"
    assert env["PGPASSWORD"] == "s3cret"
