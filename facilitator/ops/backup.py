"""Backups of one deployment into a single .tar.gz, and restoring one into a fresh instance.

The archive holds the database (SQLite through its online backup API, safe while participants
edit; PostgreSQL through ``pg_dump`` in its custom format), the instance folder's own files
(the generated secret key that signs cookies, the setup token) and a manifest. Uploaded logos
and photos are stored in the database, so they travel with it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import sqlalchemy as sa
from flask_babel import gettext as _

from facilitator.instance import DATABASE_FILES, sqlite_copy

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/facilitator.sqlite"
DUMP_MEMBER = "database/facilitator.dump"
INSTANCE_PREFIX = "instance/"
#: Files of the instance folder that are never archived: the database (taken through its own
#: API) and archives someone keeps there
SKIPPED_SUFFIXES = (".tar.gz", ".copying")


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why, for the operator."""


@dataclass(frozen=True)
class Target:
    """A database and an instance folder to back up or restore into."""

    database_url: str
    instance_path: Path

    @property
    def url(self) -> sa.URL:
        """The database URL, parsed."""
        return sa.make_url(self.database_url)

    @property
    def kind(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.url.get_backend_name()


def create(target: Target, archive: Path, say: Callable[[str], None] = print) -> Path:
    """Write the archive: database, instance files, manifest; return its path."""
    archive = archive.absolute()
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="facilitator-backup-") as scratch:
        work = Path(scratch)
        if target.kind == "sqlite":
            database = work / "facilitator.sqlite"
            _sqlite_copy(_sqlite_path(target), database)
            member = SQLITE_MEMBER
        elif target.kind == "postgresql":
            database = work / "facilitator.dump"
            _pg_dump(target.url, database)
            member = DUMP_MEMBER
        else:
            raise BackupError(_("Cannot back up a %(kind)s database.", kind=target.kind))
        size = f"{database.stat().st_size:,}"
        say(_("Database (%(kind)s): %(size)s bytes", kind=target.kind, size=size))
        files = instance_files(target.instance_path)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": target.kind,
            "revision": _revision(target),
            "instance_files": [str(path) for path in files],
        }
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            tar.add(database, arcname=member)
            for relative in files:
                tar.add(target.instance_path / relative, arcname=INSTANCE_PREFIX + str(relative))
                say(_("Instance file: %(path)s", path=relative))
        partial.chmod(0o600)  # it holds the secret key and everyone's data
        partial.replace(archive)
    size = f"{archive.stat().st_size:,}"
    say(_("Backup written: %(archive)s (%(size)s bytes)", archive=archive, size=size))
    return archive


def restore(
    target: Target, archive: Path, force: bool = False, say: Callable[[str], None] = print
) -> None:
    """Put the archive's database and instance files in place of the target's."""
    with tarfile.open(archive, "r:gz") as tar:
        manifest = _manifest(tar)
        if manifest["database"] != target.kind:
            raise BackupError(
                _(
                    "The backup holds a %(held)s database; this instance uses %(used)s. "
                    "Set DATABASE_URL to a %(held)s database.",
                    held=manifest["database"],
                    used=target.kind,
                )
            )
        if not force and not is_empty(target):
            raise BackupError(
                _(
                    "The database is not empty: restoring would replace its data. "
                    "Pass --force to overwrite it."
                )
            )
    with tempfile.TemporaryDirectory(prefix="facilitator-restore-") as scratch:
        work = Path(scratch)
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                if member.isfile() and _safe(member.name) and member.name != MANIFEST:
                    tar.extract(member, work, filter="data")
        if target.kind == "sqlite":
            _sqlite_copy(work / SQLITE_MEMBER, _sqlite_path(target), create=True)
        else:
            _pg_restore(target.url, work / DUMP_MEMBER)
        revision = manifest.get("revision") or "?"
        say(
            _(
                "Database restored (%(kind)s, revision %(revision)s)",
                kind=target.kind,
                revision=revision,
            )
        )
        source = work / INSTANCE_PREFIX.rstrip("/")
        target.instance_path.mkdir(parents=True, exist_ok=True)
        for path in sorted(source.rglob("*")) if source.is_dir() else []:
            if path.is_file():
                relative = path.relative_to(source)
                destination = target.instance_path / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                say(_("Instance file restored: %(path)s", path=relative))
    say(
        _(
            "Restored from %(archive)s (made %(made)s).",
            archive=archive,
            made=manifest.get("created_at"),
        )
    )


def instance_files(folder: Path) -> list[Path]:
    """The instance folder's own files, relative to it: everything but the database."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or path.is_symlink():
            continue
        if str(relative) in DATABASE_FILES or path.name.endswith(SKIPPED_SUFFIXES):
            continue
        found.append(relative)
    return found


def is_empty(target: Target) -> bool:
    """Whether the database holds no rows (a new or just-migrated one is empty)."""
    if target.kind == "sqlite" and not _sqlite_path(target).exists():
        return True
    engine = sa.create_engine(_sqlalchemy_url(target.url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            for table in sa.inspect(connection).get_table_names():
                if table == "alembic_version":
                    continue
                quoted = connection.dialect.identifier_preparer.quote(table)
                if connection.execute(sa.text(f"SELECT 1 FROM {quoted} LIMIT 1")).first():
                    return False
    finally:
        engine.dispose()
    return True


def _sqlalchemy_url(url: sa.URL) -> sa.URL:
    if url.get_backend_name() == "postgresql" and url.get_driver_name() not in (
        "psycopg",
        "psycopg2",
    ):
        return url.set(drivername="postgresql+psycopg")
    return url


def _revision(target: Target) -> str | None:
    engine = sa.create_engine(_sqlalchemy_url(target.url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _sqlite_path(target: Target) -> Path:
    database = target.url.database
    if not database or database == ":memory:":
        raise BackupError(_("An in-memory SQLite database cannot be backed up or restored."))
    return Path(database)


def _sqlite_copy(source: Path, destination: Path, create: bool = False) -> None:
    """Copy through SQLite's backup API: consistent even while the app writes."""
    if not source.is_file():
        raise BackupError(_("No SQLite database at %(path)s.", path=source))
    if create:
        destination.parent.mkdir(parents=True, exist_ok=True)
    sqlite_copy(source, destination)


def _libpq(url: sa.URL) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore, and an environment with its password (not on argv)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = sa.URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    )
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "%(tool)s was not found on PATH. Install the PostgreSQL client of the server's "
                "major version (Debian: apt install postgresql-client-<version>).",
                tool=name,
            )
        )
    return found


def _pg_dump(url: sa.URL, destination: Path) -> None:
    dsn, env = _libpq(url)
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, f"--file={destination}", f"--dbname={dsn}"], env, "pg_dump")


def _pg_restore(url: sa.URL, dump: Path) -> None:
    """Replace the whole public schema by the dump's, in one transaction.

    Dropping the schema first removes what the backup does not hold (a table of a later
    migration, say), so the database becomes exactly the backup's. pg_restore first turns the
    whole dump into SQL (a damaged dump fails here, before anything is touched); psql then runs
    the drop and that SQL as one transaction, so a failure leaves the database as it was.
    """
    dsn, env = _libpq(url)
    script = dump.with_suffix(".sql")
    command = [_tool("pg_restore"), "--no-owner", "--no-privileges", f"--file={script}"]
    _run([*command, str(dump)], env, "pg_restore")
    command = [_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction"]
    command += ["--set=ON_ERROR_STOP=1", f"--output={os.devnull}"]
    command += ["--command=DROP SCHEMA IF EXISTS public CASCADE", "--command=CREATE SCHEMA public"]
    try:
        _run([*command, f"--file={script}", f"--dbname={dsn}"], env, "psql")
    except BackupError as error:
        nothing = _("Nothing was changed: the database is as it was.")
        raise BackupError(f"{error}\n{nothing}") from error


def _run(command: list[str], env: dict[str, str], name: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s", tool=name, error=done.stderr.strip()[-2000:])
        )


def _manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError(_("This is not a Facilitator backup: it has no manifest.json."))
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("Unknown backup format %(format)s.", format=repr(manifest.get("format")))
        )
    return manifest


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))
