"""Liveness and readiness probes for load balancers, systemd and orchestrators."""

from __future__ import annotations

import logging
from typing import Any

import redis
import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

#: Seconds a dependency may take to answer before the probe calls it down
PROBE_TIMEOUT = 2

bp = Blueprint("ops_health", __name__)


@bp.get("/healthz")
def healthz():
    """Alive: the process answers HTTP. Touches no dependency."""
    return _no_store(jsonify(status="ok"))


@bp.get("/readyz")
def readyz():
    """Ready: the database answers a query and, when configured, Redis answers PING."""
    checks = {"database": check_database(current_app)}
    if current_app.config.get("SOCKETIO_MESSAGE_QUEUE"):
        checks["redis"] = check_redis(current_app.config["SOCKETIO_MESSAGE_QUEUE"])
    ready = all(result == "ok" for result in checks.values())
    body = jsonify(status="ok" if ready else "unavailable", checks=checks)
    return _no_store(body), 200 if ready else 503


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def check_database(app: Flask) -> str:
    """ "ok", or the kind of failure (never the URL or the driver's message: they name hosts)."""
    try:
        with _probe_engine(app).connect() as connection:
            connection.execute(sa.text("SELECT 1")).scalar_one()
    except Exception as error:
        log.warning("Readiness: the database does not answer: %s", error)
        return f"error: {type(error).__name__}"
    return "ok"


def check_redis(url: str) -> str:
    """ "ok", or the kind of failure."""
    client = redis.Redis.from_url(
        url, socket_timeout=PROBE_TIMEOUT, socket_connect_timeout=PROBE_TIMEOUT
    )
    try:
        client.ping()
    except Exception as error:
        log.warning("Readiness: Redis does not answer: %s", error)
        return f"error: {type(error).__name__}"
    finally:
        client.close()
    return "ok"


def _probe_engine(app: Flask) -> sa.Engine:
    """An engine of its own, unpooled and with short timeouts: the app's pool may wait long."""
    engine = app.extensions.get("ops_probe_engine")
    if engine is None:
        url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        engine = sa.create_engine(url, poolclass=NullPool, connect_args=_timeouts(url))
        app.extensions["ops_probe_engine"] = engine
    return engine


def _timeouts(url: sa.URL) -> dict[str, Any]:
    if url.get_backend_name() == "postgresql":
        milliseconds = PROBE_TIMEOUT * 1000
        return {
            "connect_timeout": PROBE_TIMEOUT,
            "options": f"-c statement_timeout={milliseconds} -c lock_timeout={milliseconds}",
        }
    if url.get_backend_name() == "sqlite":
        return {"timeout": PROBE_TIMEOUT}
    return {}
