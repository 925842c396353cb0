"""A real server on PostgreSQL serves a reconnect storm: every join succeeds, every edit is acked.

When the venue's Wi-Fi blinks, every phone of a group (or of the hall) re-joins in the same
second while others keep typing. These tests assert success only; bench/storm_bench.py prints
how long the joins and acknowledgements took.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade

from facilitator import create_app
from facilitator.config import TestConfig
from facilitator.extensions import db
from tests.live_server import LiveServer, free_port, live_servers  # noqa: F401  (fixture)
from tests.realtime.live import fresh_postgres_database
from tests.realtime.storm import Hall, Phone, connect_and_join, seed_hall, storm
from tests.services import postgres_url

pytestmark = [pytest.mark.live, pytest.mark.postgres]


@pytest.fixture
def database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for the server process."""
    postgres_url()  # skip (or fail in CI) before creating anything
    with fresh_postgres_database() as url:
        yield url


def prepare_hall(url: str, tmp_path: Path, group_sizes: list[int]) -> Hall:
    """Migrate the server's database and seed a session with groups of these sizes."""
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app(
        config | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path / "seed")}
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        hall = seed_hall(group_sizes)
        db.session.remove()
        db.engine.dispose()
    return hall


async def storm_and_check(
    server: LiveServer,
    hall: Hall,
    joiners: list[tuple[int, str]],
    typists: list[tuple[int, str]],
    rounds: list[dict[str, bool]],
) -> None:
    """Bring everyone online, run the storm rounds, then check nothing failed or was lost."""
    phones = [Phone(server.base_url, group, device) for group, device in joiners]
    typing = [Phone(server.base_url, group, device) for group, device in typists]
    try:
        assert await connect_and_join(phones + typing) == []
        for options in rounds:
            outcome = await storm(phones, typing, **options)
            assert outcome.failures == [], (options, outcome.failures[:10])
            assert len(outcome.joins) == len(phones), options
            assert outcome.acks, "the typists typed during the storm"
        # every acknowledged character is on the server: a fresh phone sees each typist's text
        for typist in typing:
            fresh = Phone(server.base_url, typist.group_id, typist.device_id)
            await fresh.connect()
            assert (await fresh.join())["ok"]
            assert fresh.text() == typist.text()
            assert len(typist.text()) >= 1
            await fresh.drop()
    finally:
        await asyncio.gather(*(phone.drop() for phone in phones + typing))


def test_a_whole_group_rejoining_at_once_while_members_type_is_served(
    live_servers,  # noqa: F811
    database_url,
    tmp_path,
):
    hall = prepare_hall(database_url, tmp_path, [31, 2])
    storm_group, other_group = hall.groups
    server = live_servers.start(free_port(), {"DATABASE_URL": database_url}, tmp_path=tmp_path)
    joiners = [(storm_group, device) for device in hall.devices[storm_group][:30]]
    # one member of the storming group types every 100 ms, and one of another group
    typists = [
        (storm_group, hall.devices[storm_group][30]),
        (other_group, hall.devices[other_group][0]),
    ]

    asyncio.run(
        storm_and_check(
            server,
            hall,
            joiners,
            typists,
            [{"reconnect": False}, {"reconnect": True}, {"reconnect": False}],
        )
    )
    assert "QueuePool limit" not in server.output()
    assert "Traceback" not in server.output()


def test_a_whole_hall_rejoining_at_once_while_members_type_is_served(
    live_servers,  # noqa: F811
    database_url,
    tmp_path,
):
    hall = prepare_hall(database_url, tmp_path, [11] * 20)
    server = live_servers.start(free_port(), {"DATABASE_URL": database_url}, tmp_path=tmp_path)
    # 200 phones re-join (ten of each group) while one member of five groups types
    joiners = [(group, device) for group in hall.groups for device in hall.devices[group][:10]]
    typists = [(group, hall.devices[group][10]) for group in hall.groups[:5]]

    asyncio.run(
        storm_and_check(
            server,
            hall,
            joiners,
            typists,
            # the Wi-Fi blinks: all reconnect and join; then they join and drop at once
            [{"reconnect": True}, {"reconnect": True, "drop_after": True}],
        )
    )
    assert "QueuePool limit" not in server.output()
    assert "Traceback" not in server.output()
