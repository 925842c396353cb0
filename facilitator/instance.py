"""Where the instance folder (SQLite file, generated secrets) lives: the user's data directory.

It used to be Flask's default, inside the virtual environment (or the source tree), where
recreating the environment erased every session. A first start finds data left there and
copies it over; the old copy is left untouched.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

APP_NAME = "facilitator"
DATABASE_FILE = "facilitator.db"
#: SQLite's own files next to the database: copied through SQLite's backup, never file by file
DATABASE_FILES = (DATABASE_FILE, f"{DATABASE_FILE}-wal", f"{DATABASE_FILE}-shm")


@dataclass(frozen=True)
class InstanceFolder:
    """The folder in use, and the old folder its data was copied from this start (if any)."""

    path: Path
    copied_from: Path | None = None


def user_data_folder() -> Path:
    """The per-user data directory: ~/.local/share/facilitator, %LOCALAPPDATA%\\facilitator..."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def legacy_folder() -> Path:
    """Where Flask put the instance folder before: <venv>/var/facilitator-instance or ./instance."""
    from flask.sansio.scaffold import find_package

    prefix, package_path = find_package(APP_NAME)
    if prefix is None:
        return Path(package_path) / "instance"
    return Path(prefix) / "var" / f"{APP_NAME}-instance"


def resolve(configured: str | None, legacy: Path | None = None) -> InstanceFolder:
    """The configured folder, else the user's data folder with the old folder's data copied in."""
    if configured:
        return InstanceFolder(Path(configured).absolute())
    folder = user_data_folder()
    old = legacy if legacy is not None else legacy_folder()
    if (old / DATABASE_FILE).is_file() and not (folder / DATABASE_FILE).exists():
        copy_instance(old, folder)
        log.warning("Data copied from the old instance folder %s to %s", old, folder)
        return InstanceFolder(folder, copied_from=old)
    return InstanceFolder(folder)


def copy_instance(old: Path, new: Path) -> None:
    """Copy an instance folder; the database through SQLite's backup, so a WAL file is included."""
    new.mkdir(parents=True, exist_ok=True)
    for item in old.iterdir():
        if item.name in DATABASE_FILES:
            continue
        if item.is_dir():
            shutil.copytree(item, new / item.name, dirs_exist_ok=True)
        else:
            shutil.copy2(item, new / item.name)
    partial = new / f"{DATABASE_FILE}.copying"
    sqlite_copy(old / DATABASE_FILE, partial)
    # Another process starting at the same moment sees the database whole or not at all.
    partial.replace(new / DATABASE_FILE)


def sqlite_copy(source: Path, destination: Path) -> None:
    """Copy a SQLite database through its backup API: consistent (WAL included) while written.

    The destination's whole content is replaced, tables the source lacks included.
    """
    reader = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    with closing(reader), closing(sqlite3.connect(destination)) as writer:
        reader.backup(writer)
