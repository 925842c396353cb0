"""Who is online: phones watching a session, counted once, across processes sharing Redis."""

from __future__ import annotations

import secrets
import threading

import pytest

from facilitator.live.watchers import ONLINE_KEY_PREFIX, Watchers
from facilitator.realtime.presence import RedisPresence
from tests.services import redis_url

CONFIG = {"LIVE_EVENT_RATE": 10.0, "LIVE_EVENT_BURST": 30}


def watching(watchers: Watchers, sid: str, session_id: int, participant_id: int | None) -> None:
    watchers.get(sid, CONFIG)
    role = "participant" if participant_id is not None else "screen"
    watchers.watch(sid, session_id, role, participant_id)


def test_a_phone_is_counted_once_and_a_screen_not_at_all():
    watchers = Watchers()
    watching(watchers, "phone", 1, participant_id=7)
    watching(watchers, "second-tab", 1, participant_id=7)
    watching(watchers, "projector", 1, participant_id=None)
    assert watchers.online_participants(1) == {7}
    watchers.drop("phone")
    assert watchers.online_participants(1) == {7}
    watchers.drop("second-tab")
    assert watchers.online_participants(1) == set()


def test_a_phone_that_watches_another_session_leaves_the_first_count():
    watchers = Watchers()
    watching(watchers, "phone", 1, participant_id=7)
    watching(watchers, "phone", 2, participant_id=7)
    assert watchers.online_participants(1) == set()
    assert watchers.online_participants(2) == {7}
    watching(watchers, "phone", 2, participant_id=None)  # the device cookie went away
    assert watchers.online_participants(2) == set()


@pytest.mark.redis
def test_processes_sharing_redis_count_each_others_phones():
    channel = f"test-{secrets.token_hex(4)}"
    no_task = lambda _function: threading.Thread()  # noqa: E731  (heartbeat not needed here)
    stores = [RedisPresence(redis_url(), channel, no_task, ONLINE_KEY_PREFIX) for _ in range(2)]
    one, two = Watchers(stores[0]), Watchers(stores[1])
    try:
        watching(one, "phone-a", 5, participant_id=1)
        watching(two, "phone-b", 5, participant_id=2)
        assert one.online_participants(5) == two.online_participants(5) == {1, 2}
        two.drop("phone-b")
        assert one.online_participants(5) == {1}
    finally:
        stores[0].redis.delete(stores[0]._group_key(5), stores[0]._process_key(stores[0].process))
        stores[1].redis.delete(stores[1]._process_key(stores[1].process))
        for store in stores:
            store.redis.close()
