"""`facilitator backup` and `restore` speak Russian on a Russian system and English otherwise."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.live_server import facilitator_command
from tests.realtime.live import prepare_database


def facilitator(*args: str, tmp_path: Path, **language: str) -> subprocess.CompletedProcess:
    """Run a `facilitator` command on the test's database, with locale variables given."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'source.db'}",
        "FACILITATOR_INSTANCE_PATH": str(tmp_path / "instance"),
        **language,
    }
    return subprocess.run(
        [*facilitator_command(), *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def archive(tmp_path) -> Path:
    """A database with a session in it, and where its backup goes."""
    prepare_database(f"sqlite:///{tmp_path / 'source.db'}", tmp_path)
    return tmp_path / "copy.tar.gz"


@pytest.mark.parametrize(
    "language", [{"FACILITATOR_LANGUAGE": "ru"}, {"LANG": "ru_RU.UTF-8"}], ids=["setting", "locale"]
)
def test_backup_and_a_refused_restore_speak_russian(archive, tmp_path, language):
    made = facilitator("backup", "--out", str(archive), tmp_path=tmp_path, **language)
    refused = facilitator("restore", str(archive), tmp_path=tmp_path, **language)

    assert made.returncode == 0, made.stderr
    assert "База данных (sqlite):" in made.stdout
    assert f"Резервная копия записана: {archive}" in made.stdout
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "Ошибка: База данных не пуста: восстановление заменит её данные. "
        "Чтобы перезаписать её, добавьте --force."
    )


def test_backup_and_restore_speak_english_on_an_english_or_neutral_system(archive, tmp_path):
    made = facilitator("backup", "--out", str(archive), tmp_path=tmp_path, LANG="C.UTF-8")
    refused = facilitator("restore", str(archive), tmp_path=tmp_path, LANG="en_GB.UTF-8")
    forced = facilitator(
        "restore", "--force", str(archive), tmp_path=tmp_path, FACILITATOR_LANGUAGE="en"
    )

    assert f"Backup written: {archive}" in made.stdout
    assert refused.stderr.strip() == (
        "Error: The database is not empty: restoring would replace its data. "
        "Pass --force to overwrite it."
    )
    assert forced.returncode == 0, forced.stderr
    assert "Database restored (sqlite, revision " in forced.stdout
    assert f"Restored from {archive}" in forced.stdout
