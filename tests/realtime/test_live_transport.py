"""Real server processes and python-socketio clients: transport, crashes, offline, scale-out."""

from __future__ import annotations

import secrets
import threading

import pytest

from tests.live_server import free_port, live_servers  # noqa: F401  (fixture)
from tests.realtime.live import (
    LiveClient,
    fresh_postgres_database,
    prepare_database,
    wait_until,
)
from tests.services import redis_url

pytestmark = pytest.mark.live


@pytest.fixture
def clients():
    """Return a callable which connects a LiveClient; all are closed after the test."""
    opened: list[LiveClient] = []

    def _connect(server, device_id: str, group_id: int) -> LiveClient:
        client = LiveClient(server.base_url, device_id, group_id).connect()
        opened.append(client)
        return client

    yield _connect
    for client in opened:
        client.close()


def type_concurrently(typists: dict[LiveClient, str], at_start: bool = False) -> None:
    """Each client types its letters one update at a time, all at once; every ack must be ok."""
    failures: list[object] = []

    def run(client: LiveClient, letters: str) -> None:
        for letter in letters:
            ack = client.type(letter, at_start=at_start)
            if not (ack and ack["ok"]):
                failures.append(ack)

    threads = [threading.Thread(target=run, args=item) for item in typists.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures


def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'live.db'}"


def test_two_clients_typing_in_one_field_converge(live_servers, clients, tmp_path):  # noqa: F811
    url = sqlite_url(tmp_path)
    seeded = prepare_database(url, tmp_path)
    server = live_servers.start(free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path)
    (_, anna), (_, boris) = seeded.members
    first, second = (clients(server, device, seeded.group_id) for device in (anna, boris))
    first.join()
    second.join()

    type_concurrently({first: "абвгдежзий", second: "ABCDEFGHIJ"})

    assert wait_until(lambda: first.text() == second.text() and len(first.text()) == 20)
    assert sorted(first.text()) == sorted("абвгдежзийABCDEFGHIJ")
    late = clients(server, anna, seeded.group_id)
    late.join()
    assert late.text() == first.text()


def test_acknowledged_edit_survives_a_killed_server(live_servers, clients, tmp_path):  # noqa: F811
    url = sqlite_url(tmp_path)
    seeded = prepare_database(url, tmp_path)
    (_, anna), _ = seeded.members
    server = live_servers.start(free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path)
    writer = clients(server, anna, seeded.group_id)
    writer.join()

    ack = writer.type("Сохранено до сбоя")
    server.kill()  # SIGKILL right after the acknowledgement

    assert ack == {"ok": True, "seq": 1}
    restarted = live_servers.start(free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path)
    reader = clients(restarted, anna, seeded.group_id)
    assert reader.join()["seq"] == 1
    assert reader.text() == "Сохранено до сбоя"


def test_edits_made_offline_merge_both_ways_on_reconnect(
    live_servers,  # noqa: F811
    clients,
    tmp_path,
):
    url = sqlite_url(tmp_path)
    seeded = prepare_database(url, tmp_path)
    (_, anna), (_, boris) = seeded.members
    server = live_servers.start(free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path)
    traveller, stayer = (clients(server, device, seeded.group_id) for device in (anna, boris))
    traveller.join()
    stayer.join()
    traveller.type("общее")
    assert wait_until(lambda: stayer.text() == "общее")

    traveller.close()
    assert traveller.type(" офлайн") is None  # kept locally
    assert stayer.type("онлайн ", at_start=True)["ok"]
    traveller.connect()
    traveller.join()  # takes the server's edits, sends its own

    assert wait_until(lambda: traveller.text() == stayer.text())
    assert traveller.text() == "онлайн общее офлайн"


@pytest.mark.postgres
@pytest.mark.redis
def test_two_server_processes_on_postgres_and_redis_converge(
    live_servers,  # noqa: F811
    clients,
    tmp_path,
):
    with fresh_postgres_database() as url:
        seeded = prepare_database(url, tmp_path)
        (_, anna), (_, boris) = seeded.members
        env = {
            "DATABASE_URL": url,
            "REDIS_URL": redis_url(),
            "FACILITATOR_SOCKETIO_CHANNEL": f"facilitator-test-{secrets.token_hex(4)}",
        }
        one = live_servers.start(free_port(), env, tmp_path=tmp_path)
        two = live_servers.start(free_port(), env, tmp_path=tmp_path)
        first, second = clients(one, anna, seeded.group_id), clients(two, boris, seeded.group_id)
        first.join()
        second.join()
        # presence crosses processes: the first client hears of the second one's arrival
        assert wait_until(lambda: any(len(p["members"]) == 2 for p in first.received("presence")))

        type_concurrently({first: "процесс", second: "PROCESS"})

        assert wait_until(lambda: first.text() == second.text() and len(first.text()) == 14)
        late = clients(one, boris, seeded.group_id)
        late.join()
        assert late.text() == first.text()
        assert sorted(late.text()) == sorted("процессPROCESS")
        live_servers.kill_all()


@pytest.mark.postgres
def test_eventlet_server_on_postgres_serves_co_editing(
    live_servers,  # noqa: F811
    clients,
    tmp_path,
):
    with fresh_postgres_database() as url:
        seeded = prepare_database(url, tmp_path)
        (_, anna), (_, boris) = seeded.members
        server = live_servers.start(
            free_port(), {"DATABASE_URL": url}, async_mode="eventlet", tmp_path=tmp_path
        )
        first, second = (clients(server, device, seeded.group_id) for device in (anna, boris))
        first.join()
        second.join()

        type_concurrently({first: "эвентлет", second: "eventlet"})

        assert wait_until(lambda: first.text() == second.text() and len(first.text()) == 16)
        server.kill()
        restarted = live_servers.start(
            free_port(), {"DATABASE_URL": url}, async_mode="eventlet", tmp_path=tmp_path
        )
        reader = clients(restarted, anna, seeded.group_id)
        reader.join()
        assert reader.text() == first.text()
        live_servers.kill_all()
