"""Presence: one line per person, in memory or shared through Redis."""

from __future__ import annotations

import secrets
import threading

import pytest

from facilitator.realtime.presence import (
    MemoryPresence,
    RedisPresence,
    connections_of,
    entry,
    members,
)
from tests.services import redis_url


def test_a_person_on_two_devices_is_listed_once_with_the_latest_section():
    store = MemoryPresence()
    store.put(1, "phone", entry("participant", 7, "Анна", "idea") | {"at": 1.0})
    store.put(1, "laptop", entry("participant", 7, "Анна", "goals") | {"at": 2.0})
    store.put(1, "other", entry("moderator", 7, "Мария", None) | {"at": 1.5})
    assert members(store.entries(1)) == [
        {"id": 7, "kind": "participant", "name": "Анна", "section": "goals"},
        {"id": 7, "kind": "moderator", "name": "Мария", "section": None},
    ]
    store.drop(1, "laptop")
    store.drop(1, "phone")
    assert [m["name"] for m in members(store.entries(1))] == ["Мария"]


def test_the_connections_of_one_person_in_a_group_are_found_by_kind_and_id():
    store = MemoryPresence()
    store.put(1, "phone", entry("participant", 7, "Анна", None))
    store.put(1, "laptop", entry("participant", 7, "Анна", "goals"))
    store.put(1, "moderator", entry("moderator", 7, "Мария", None))
    store.put(2, "elsewhere", entry("participant", 7, "Анна", None))
    assert sorted(connections_of(store, 1, "participant", 7)) == ["laptop", "phone"]
    assert connections_of(store, 1, "participant", 8) == []
    assert connections_of(store, 3, "participant", 7) == []


@pytest.mark.redis
def test_redis_presence_is_shared_and_forgets_a_dead_process():
    url = redis_url()
    channel = f"test-{secrets.token_hex(4)}"
    no_task = lambda _function: threading.Thread()  # noqa: E731  (heartbeat not needed here)
    one, two = RedisPresence(url, channel, no_task), RedisPresence(url, channel, no_task)
    try:
        one.put(5, "sid-1", entry("participant", 1, "Анна", None))
        two.put(5, "sid-2", entry("participant", 2, "Борис", "idea"))
        assert sorted(m["name"] for m in members(one.entries(5))) == ["Анна", "Борис"]
        assert connections_of(one, 5, "participant", 2) == ["sid-2"]

        one.redis.delete(one._process_key(two.process))  # process two died: heartbeat gone
        assert [m["name"] for m in members(one.entries(5))] == ["Анна"]
        assert one.redis.hkeys(one._group_key(5)) == [b"sid-1"]
    finally:
        one.redis.delete(one._group_key(5), one._process_key(one.process))
        one.redis.close()
        two.redis.close()
