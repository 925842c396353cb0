"""The `facilitator` commands, run through Flask's CLI test runner."""

from __future__ import annotations

import sqlalchemy as sa

from facilitator import create_app
from facilitator.accounts.models import Moderator
from facilitator.config import TestConfig
from facilitator.extensions import db
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
    result = app.test_cli_runner().invoke(args=["demo", "--port", "5055"])
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
