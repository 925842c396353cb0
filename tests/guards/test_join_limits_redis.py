"""Wrong join codes are counted in Redis when it is configured, shared by every server process."""

from __future__ import annotations

import pytest

from facilitator.extensions import db, limiter
from tests.conftest import build_app
from tests.guards.test_join_limits import BUDGET, guess, unknown_code
from tests.services import redis_url


@pytest.fixture
def app(tmp_path):
    """The app on SQLite, its rate limits stored in the test Redis under a key of its own."""
    app = build_app(
        f"sqlite:///{tmp_path / 'test.db'}",
        tmp_path,
        RATELIMIT_STORAGE_URI=redis_url(),
        RATELIMIT_KEY_PREFIX=f"test-join-{tmp_path.name}",
    )
    with app.app_context():
        yield app
        limiter.reset()
        db.session.remove()


def test_wrong_codes_are_counted_in_redis_and_a_second_process_sees_them(
    app, client, make_session, tmp_path
):
    session = make_session()
    for _attempt in range(BUDGET):
        assert guess(client, unknown_code(session)).status_code == 422
    assert guess(client, unknown_code(session)).status_code == 429
    assert "redis" in type(limiter.storage).__name__.lower()
    second = build_app(
        f"sqlite:///{tmp_path / 'second.db'}",
        tmp_path / "second",
        RATELIMIT_STORAGE_URI=redis_url(),
        RATELIMIT_KEY_PREFIX=f"test-join-{tmp_path.name}",
    )
    assert guess(second.test_client(), unknown_code(session)).status_code == 429
