"""The `facilitator` commands, run through Flask's CLI test runner."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from facilitator import create_app
from facilitator.accounts.models import Moderator
from facilitator.command_line import cli
from facilitator.config import TestConfig
from facilitator.extensions import db
from facilitator.hall import addresses, links
from facilitator.sessions.models import DesignSession


def create_moderator(runner, email: str):
    return runner.invoke(
        args=[
            "create-moderator",
            "--email",
            email,
            "--name",
            "Мария Иванова",
            "--password",
            "long enough password",
        ]
    )


def test_create_moderator_creates_an_account(app):
    result = create_moderator(app.test_cli_runner(), "Maria@Example.org")
    assert result.exit_code == 0, result.output
    assert "maria@example.org" in result.output
    moderator = db.session.scalar(sa.select(Moderator).filter_by(email="maria@example.org"))
    assert moderator.full_name == "Мария Иванова"
    assert moderator.check_password("long enough password")


def test_create_moderator_refuses_a_taken_email(app, moderator):
    result = create_moderator(app.test_cli_runner(), moderator.email)
    assert result.exit_code != 0
    assert "Модератор с таким e-mail уже есть" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Moderator.id))) == 1


def test_demo_migrates_a_fresh_database_and_prints_the_login(tmp_path, monkeypatch):
    served = []
    monkeypatch.setattr("facilitator.cli.serve", lambda host, port: served.append((host, port)))
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()} | {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    app = create_app(config)
    result = app.test_cli_runner().invoke(args=["demo", "--port", "5055", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert served == [("127.0.0.1", 5055)]
    with app.app_context():
        session = db.session.scalar(sa.select(DesignSession))
        assert session is not None and len(session.groups) == 5
        assert f"http://127.0.0.1:5055/sessions/{session.id}" in result.output
        assert f"code {session.join_code}" in result.output
        db.session.remove()
        db.engine.dispose()
    assert "demo@facilitator.local" in result.output
    assert "password:" in result.output
    assert "Only this computer can open it" in result.output
    assert "facilitator demo --hall" in result.output


@pytest.fixture
def fresh_app(tmp_path, monkeypatch):
    """An app on a fresh SQLite file whose `serve` records where it would listen."""
    served = []
    monkeypatch.setattr("facilitator.cli.serve", lambda host, port: served.append((host, port)))
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()} | {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    app = create_app(config)
    app.served = served
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def invoke(app, *args: str):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_help_lists_the_apps_commands_with_an_example_each_and_hides_flask(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(tmp_path / "instance"))
    result = CliRunner().invoke(cli, ["--help"], prog_name="facilitator")
    assert result.exit_code == 0, result.output
    for command in ("run", "demo", "doctor", "export", "create-moderator", "db"):
        assert re.search(rf"^  {command} +\S", result.output, re.M), command
        assert re.search(rf"^ +\$ facilitator {command}\b", result.output, re.M), command
    for internal in ("limiter", "routes", "shell", "--app", "--env-file", "--debug", "FLASK_APP"):
        assert internal not in result.output
    assert "Running a session in a hall" in result.output


def test_run_help_explains_hall_and_address(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATOR_INSTANCE_PATH", str(tmp_path / "instance"))
    result = CliRunner().invoke(cli, ["run", "--help"], prog_name="facilitator")
    assert "--hall" in result.output and "--address" in result.output
    assert "every interface" in result.output


def test_run_with_hall_listens_everywhere_and_prints_the_phones_address(fresh_app):
    output = invoke(fresh_app, "run", "--hall", "--port", "5056", "--lang", "en")
    assert fresh_app.served == [("0.0.0.0", 5056)]
    assert f"Data folder: {fresh_app.instance_path}" in output
    found = addresses.candidates()
    if found:
        phones = f"http://{found[0].address}:5056"
        assert f"Phones in the hall open: {phones}/" in output
        assert fresh_app.config[links.HALL_URL] == phones
    else:
        assert "No network address found" in output


def test_run_with_an_unknown_interface_refuses_to_start(fresh_app):
    result = fresh_app.test_cli_runner().invoke(args=["run", "--address", "wlan9", "--lang", "en"])
    assert result.exit_code != 0
    assert "no address or network interface wlan9" in result.output
    assert fresh_app.served == []


def test_run_says_in_russian_how_to_open_the_app_to_phones(fresh_app, monkeypatch):
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    output = invoke(fresh_app, "run", "--port", "5057")
    assert fresh_app.served == [("127.0.0.1", 5057)]
    assert "Открыть его может только этот компьютер" in output
    assert "facilitator run --hall" in output


def test_demo_keeps_an_existing_moderators_password(fresh_app):
    first = invoke(fresh_app, "demo", "--lang", "en")
    password = re.search(r"password: (\S+)", first).group(1)
    again = invoke(fresh_app, "demo", "--lang", "en")
    assert "password:" not in again
    assert password not in again
    assert "facilitator demo --reset-password" in again
    with fresh_app.app_context():
        moderator = db.session.scalar(
            sa.select(Moderator).filter_by(email="demo@facilitator.local")
        )
        assert moderator.check_password(password)


def test_demo_reset_password_prints_a_new_one_that_works(fresh_app):
    first = re.search(r"password: (\S+)", invoke(fresh_app, "demo", "--lang", "en")).group(1)
    reset = invoke(fresh_app, "demo", "--reset-password", "--lang", "en")
    second = re.search(r"password: (\S+)", reset).group(1)
    assert second != first
    with fresh_app.app_context():
        moderator = db.session.scalar(
            sa.select(Moderator).filter_by(email="demo@facilitator.local")
        )
        assert moderator.check_password(second) and not moderator.check_password(first)


def test_demo_for_the_hall_prints_the_join_link_with_the_phones_address(fresh_app):
    output = invoke(fresh_app, "demo", "--hall", "--port", "5058", "--lang", "en")
    found = addresses.candidates()
    with fresh_app.app_context():
        code = db.session.scalar(sa.select(DesignSession)).join_code
    if found:
        assert f"join at http://{found[0].address}:5058/j/{code} with code {code}" in output
