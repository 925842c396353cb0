"""Where the external services for tests are, and what to do when one is missing."""

from __future__ import annotations

import os

import pytest

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


def postgres_url() -> str:
    """The PostgreSQL URL for tests, skipping (or failing in CI) when it is not set."""
    url = os.environ.get(POSTGRES_URL_VAR)
    if not url:
        skip_or_fail(f"PostgreSQL not configured: set {POSTGRES_URL_VAR}")
    return url


def redis_url() -> str:
    """The Redis URL for tests, skipping (or failing in CI) when it is not set."""
    url = os.environ.get(REDIS_URL_VAR)
    if not url:
        skip_or_fail(f"Redis not configured: set {REDIS_URL_VAR}")
    return url


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
