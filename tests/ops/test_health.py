"""/healthz and /readyz: alive without dependencies, ready when the database and Redis answer."""

from __future__ import annotations

import pytest

from facilitator.ops import health
from tests.ops.conftest import closed_port
from tests.services import redis_url


def test_healthz_answers_without_touching_the_database(bare_app, tmp_path):
    app = bare_app(f"sqlite:///{tmp_path / 'no-such-folder' / 'facilitator.db'}")

    response = app.test_client().get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_the_database_answers(any_backend_app):
    response = any_backend_app.test_client().get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_names_an_unreadable_sqlite_database(bare_app, tmp_path):
    app = bare_app(f"sqlite:///{tmp_path / 'no-such-folder' / 'facilitator.db'}")

    response = app.test_client().get("/readyz")

    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"].startswith("error: ")


def test_readyz_names_a_postgresql_nobody_listens_for(bare_app):
    app = bare_app(f"postgresql://postgres@127.0.0.1:{closed_port()}/facilitator")

    response = app.test_client().get("/readyz")

    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("error: ")


def test_readyz_gives_up_on_a_postgresql_that_never_answers(bare_app, silent_port):
    app = bare_app(f"postgresql://postgres@127.0.0.1:{silent_port}/facilitator")

    response = app.test_client().get("/readyz")

    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("error: ")


def test_readyz_gives_up_on_a_redis_that_never_answers(bare_app, tmp_path, silent_port):
    app = bare_app(
        f"sqlite:///{tmp_path / 'ready.db'}",
        SOCKETIO_MESSAGE_QUEUE=f"redis://127.0.0.1:{silent_port}/0",
    )

    response = app.test_client().get("/readyz")

    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"].startswith("error: ")


def test_readyz_checks_redis_when_one_is_configured(bare_app, tmp_path):
    url = f"sqlite:///{tmp_path / 'ready.db'}"
    dead = bare_app(url, SOCKETIO_MESSAGE_QUEUE=f"redis://127.0.0.1:{closed_port()}/0")

    response = dead.test_client().get("/readyz")

    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["database"] == "ok"
    assert checks["redis"].startswith("error: ")


def test_redis_check_passes_against_a_running_redis():
    assert health.check_redis(redis_url()) == "ok"


def test_redis_check_gives_up_on_a_dead_redis_quickly():
    assert health.check_redis(f"redis://127.0.0.1:{closed_port()}/0").startswith("error: ")


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_not_rate_limited_unlike_the_pages(bare_app, tmp_path, path):
    app = bare_app(f"sqlite:///{tmp_path / 'limited.db'}", RATELIMIT_DEFAULT="2 per minute")
    client = app.test_client()

    probes = [client.get(path).status_code for _ in range(5)]
    pages = [client.get("/login").status_code for _ in range(5)]

    assert probes == [probes[0]] * 5 and probes[0] != 429
    assert 429 in pages


def test_a_limit_from_one_apps_config_does_not_carry_over_to_the_next_app(bare_app, tmp_path):
    limited = bare_app(f"sqlite:///{tmp_path / 'limited.db'}", RATELIMIT_DEFAULT="2 per minute")
    assert 429 in [limited.test_client().get("/login").status_code for _ in range(5)]

    plain = bare_app(f"sqlite:///{tmp_path / 'plain.db'}")
    assert [plain.test_client().get("/login").status_code for _ in range(5)] == [200] * 5
