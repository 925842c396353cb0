"""The application factory, configuration, server entry point and error pages."""

from __future__ import annotations

import sys

import pytest

from facilitator import create_app
from facilitator.config import normalise_database_url
from facilitator.server import prepare_async_mode, requested_async_mode


@pytest.mark.parametrize(
    ("url", "mode", "expected"),
    [
        ("postgresql://u@h/db", "gevent", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "threading", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "eventlet", "postgresql+psycopg2://u@h/db"),
        ("sqlite:////tmp/x.db", "eventlet", "sqlite:////tmp/x.db"),
    ],
)
def test_database_driver_follows_the_async_mode(url, mode, expected):
    assert normalise_database_url(url, mode) == expected


def test_embedded_database_lives_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": None})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'facilitator.db'}"
    assert (tmp_path / "secret_key").exists()
    # the generated secret is kept, so logins survive a restart
    again = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": None})
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_unknown_async_mode_is_refused(tmp_path):
    with pytest.raises(ValueError, match="FACILITATOR_ASYNC_MODE"):
        create_app({"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "tornado"})


def test_async_mode_comes_from_the_option_or_the_environment(monkeypatch):
    monkeypatch.setenv("FACILITATOR_ASYNC_MODE", "eventlet")
    assert requested_async_mode(["facilitator", "run"]) == "eventlet"
    assert requested_async_mode(["facilitator", "run", "--async-mode", "threading"]) == "threading"
    assert requested_async_mode(["facilitator", "run", "--async-mode=gevent"]) == "gevent"


def test_commands_that_do_not_serve_never_monkey_patch(monkeypatch):
    monkeypatch.setenv("FACILITATOR_ASYNC_MODE", "gevent")
    prepare_async_mode(["facilitator", "create-moderator"])
    prepare_async_mode(["facilitator", "db", "upgrade"])
    import socket

    assert "gevent" not in socket.socket.__module__
    assert "gevent.monkey" not in sys.modules or not sys.modules["gevent.monkey"].saved


def test_unknown_page_is_a_friendly_404_in_russian(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Страница не найдена" in response.get_data(as_text=True)


def test_unknown_page_in_english_on_request(client):
    response = client.get("/no-such-page?lang=en")
    assert "Page not found" in response.get_data(as_text=True)


def test_pages_refuse_to_be_framed(client):
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_behind_a_proxy_the_client_address_comes_from_forwarded_headers(tmp_path):
    from flask import request

    app = create_app({"INSTANCE_PATH": str(tmp_path), "PROXY_HOPS": 1})
    client = app.test_client()
    seen = {}

    @app.get("/_whoami")
    def _whoami():
        seen["addr"] = request.remote_addr
        return ""

    client.get("/_whoami", headers={"X-Forwarded-For": "203.0.113.7"})
    assert seen["addr"] == "203.0.113.7"


def test_without_a_proxy_forwarded_headers_are_ignored(tmp_path):
    from flask import request

    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    seen = {}

    @app.get("/_whoami")
    def _whoami():
        seen["addr"] = request.remote_addr
        return ""

    app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.7"})
    assert seen["addr"] == "127.0.0.1"
