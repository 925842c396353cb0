"""Where the external services for tests are, and what to do when one is missing."""

from __future__ import annotations

import functools
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
import sqlalchemy as sa

POSTGRES_URL_VAR = "FACILITATOR_TEST_POSTGRES_URL"
REDIS_URL_VAR = "FACILITATOR_TEST_REDIS_URL"
REQUIRE_VAR = "FACILITATOR_REQUIRE_SERVICES"


def services_required() -> bool:
    """In CI every service is required: a test that would skip fails instead."""
    return os.environ.get(REQUIRE_VAR) == "1"


def skip_or_fail(reason: str) -> None:
    """Skip with the reason locally; fail in CI, where the service must be there."""
    if services_required():
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def worker_number() -> int | None:
    """This test process's number when pytest-xdist runs several (gw0 is 0); None alone."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else None


def postgres_url() -> str:
    """The PostgreSQL URL for tests, skipping (or failing in CI) when it is not set.

    Each pytest-xdist worker gets a database of its own beside the configured one (test_gw0,
    test_gw1, …): the tests reset the schema they run on.
    """
    url = os.environ.get(POSTGRES_URL_VAR)
    if not url:
        skip_or_fail(f"PostgreSQL not configured: set {POSTGRES_URL_VAR}")
    number = worker_number()
    return url if number is None else _worker_database(url, number)


@functools.cache
def _worker_database(url: str, number: int) -> str:
    """The worker's own database next to the one in ``url``, created the first time."""
    base = sa.engine.make_url(url)
    name = f"{base.database}_gw{number}"
    admin = sa.create_engine(
        base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def redis_url() -> str:
    """The Redis URL for tests, skipping (or failing in CI) when it is not set.

    Each pytest-xdist worker uses the next database numbers after the configured one.
    """
    url = os.environ.get(REDIS_URL_VAR)
    if not url:
        skip_or_fail(f"Redis not configured: set {REDIS_URL_VAR}")
    number = worker_number()
    if number is None:
        return url
    parts = urlsplit(url)
    index = (int(parts.path.strip("/") or 0) + number + 1) % 16
    return urlunsplit(parts._replace(path=f"/{index}"))


def chromium_path() -> str:
    """Path of Debian's Chromium, skipping (or failing in CI) when it is not installed."""
    path = os.environ.get("FACILITATOR_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        skip_or_fail(f"Chromium not installed at {path} (apt-get install chromium)")
    return path


def soffice_path() -> str:
    """LibreOffice's command, skipping (or failing in CI) when it is not installed."""
    import shutil

    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        skip_or_fail("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
    return path
