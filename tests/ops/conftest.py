"""Apps for the operator's kit: one on a working database, and ones whose database is down."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from facilitator import create_app
from facilitator.config import TestConfig

TOKEN = "scrape-token-7f3a9c"


@pytest.fixture
def bare_app(tmp_path) -> Callable[..., Flask]:
    """Return a callable building an app on a database URL without touching that database."""

    def _build(database_url: str, **overrides) -> Flask:
        config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
        return create_app(
            config
            | {"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(tmp_path / "inst")}
            | overrides
        )

    return _build


def closed_port() -> int:
    """A loopback port nobody listens on."""
    from tests.live_server import free_port

    return free_port()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (in the kernel's backlog) and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]
