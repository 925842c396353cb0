"""The instance folder lives in the user's data directory; old data is copied there once."""

from __future__ import annotations

import sqlite3

import pytest

from facilitator import create_app, instance


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """The user's data directory (XDG_DATA_HOME, which platformdirs follows on Linux)."""
    if instance.user_data_folder().parts[-1] != "facilitator":
        pytest.skip("not a platform whose data directory follows XDG_DATA_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("FACILITATOR_INSTANCE_PATH", raising=False)
    return tmp_path / "data-home" / "facilitator"


def old_folder_with_data(folder):
    """An instance folder as the old default left it: WAL database, secret, an uploaded file."""
    folder.mkdir(parents=True)
    (folder / "secret_key").write_text("old-secret")
    (folder / "logos").mkdir()
    (folder / "logos" / "school.png").write_bytes(b"\x89PNG logo")
    database = sqlite3.connect(folder / "facilitator.db")
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA wal_autocheckpoint=0")
    database.execute("CREATE TABLE sessions (title TEXT)")
    database.execute("INSERT INTO sessions VALUES ('Дизайн-сессия 27 марта')")
    database.commit()
    return database  # kept open: the last rows are still only in the WAL file


def test_the_default_is_the_users_data_folder_outside_the_virtual_environment(data_home, tmp_path):
    folder = instance.resolve(None, legacy=tmp_path / "venv" / "var" / "facilitator-instance")
    assert folder.path == data_home
    assert folder.copied_from is None


def test_a_configured_folder_wins(data_home, tmp_path):
    assert instance.resolve(str(tmp_path / "mine")).path == tmp_path / "mine"


def test_the_app_uses_facilitator_instance_path_then_the_data_folder(data_home, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.instance_path == str(data_home)
    assert (data_home / "secret_key").exists()


def test_data_in_the_old_folder_is_copied_once_with_its_wal_and_left_in_place(data_home, tmp_path):
    old = tmp_path / "venv" / "var" / "facilitator-instance"
    still_open = old_folder_with_data(old)
    try:
        folder = instance.resolve(None, legacy=old)
    finally:
        still_open.close()
    assert folder == instance.InstanceFolder(data_home, copied_from=old)
    copied = sqlite3.connect(data_home / "facilitator.db")
    assert copied.execute("SELECT title FROM sessions").fetchall() == [("Дизайн-сессия 27 марта",)]
    copied.close()
    assert (data_home / "secret_key").read_text() == "old-secret"
    assert (data_home / "logos" / "school.png").read_bytes() == b"\x89PNG logo"
    assert (old / "facilitator.db").exists()
    # The next start uses the copy and copies nothing again.
    assert instance.resolve(None, legacy=old).copied_from is None
