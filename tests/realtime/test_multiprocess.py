"""Two `facilitator run` processes on PostgreSQL and Redis: delivery across them, and failover."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

import pytest
import requests
import socketio
import sqlalchemy as sa

from tests.conftest import PASSWORD
from tests.live_server import LiveServer, LiveServers, free_port, live_servers  # noqa: F401
from tests.realtime.live import LiveClient, fresh_postgres_database, prepare_database, wait_until
from tests.realtime.test_live_transport import clients, type_concurrently  # noqa: F401
from tests.services import postgres_url, redis_url

pytestmark = [pytest.mark.live, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def shared_env() -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL database, Redis, a channel and a secret shared by both processes."""
    postgres_url()  # skip (or fail in CI) before creating anything
    with fresh_postgres_database() as url:
        yield {
            "DATABASE_URL": url,
            "REDIS_URL": redis_url(),
            "FACILITATOR_SOCKETIO_CHANNEL": f"facilitator-test-{secrets.token_hex(4)}",
            "SECRET_KEY": secrets.token_urlsafe(32),
        }


def two_processes(servers: LiveServers, env: dict[str, str], tmp_path) -> list[LiveServer]:
    """Start two server processes on the same database, Redis and channel."""
    return [servers.start(free_port(), env, tmp_path=tmp_path) for _ in range(2)]


def moderator_browser(server: LiveServer, seeded) -> tuple[requests.Session, str]:
    """The session's moderator logged in on ``server``, and a CSRF token for their forms."""
    browser = requests.Session()
    page = browser.get(f"{server.base_url}/login", timeout=20)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    login = browser.post(
        f"{server.base_url}/login",
        data={"email": seeded.moderator_email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=20,
    )
    assert login.status_code == 302
    page = browser.get(f"{server.base_url}/sessions/{seeded.session_id}/participants", timeout=20)
    return browser, re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def updates_received(client: LiveClient) -> set[str]:
    """The base64 updates a client got as `update` broadcasts."""
    return {payload["update"] for payload in client.received("update")}


def test_each_edit_reaches_the_members_on_the_other_process(
    live_servers,  # noqa: F811
    clients,  # noqa: F811
    shared_env,
    tmp_path,
):
    seeded = prepare_database(shared_env["DATABASE_URL"], tmp_path, members=4)
    one, two = two_processes(live_servers, shared_env, tmp_path)
    # two members on each process, as nginx's ip_hash would spread them
    members = [
        clients(one if index % 2 == 0 else two, device, seeded.group_id)
        for index, (_, device) in enumerate(seeded.members)
    ]
    for member in members:
        member.join()

    sent: dict[LiveClient, str] = {}
    for member, word in zip(members, ("альфа ", "beta ", "гамма ", "delta "), strict=True):
        with member._lock:
            member.replica.type("idea", word)
            sent[member] = member.replica.take()
        assert member.call("update", {"group_id": seeded.group_id, "update": sent[member]})["ok"]

    # every member gets every other member's update as it was sent, whichever process has it
    for member in members:
        others = {update for sender, update in sent.items() if sender is not member}
        assert wait_until(lambda m=member, o=others: o <= updates_received(m))
        assert sent[member] not in updates_received(member)  # never its own back
    assert wait_until(lambda: len({member.text() for member in members}) == 1)
    assert sorted(members[0].text().split()) == sorted(["альфа", "beta", "гамма", "delta"])
    # progress is sent when it changes (the first word filled the section), by the committing
    # process, to both processes' members; the three later words changed no progress
    assert wait_until(lambda: all(m.received("progress") for m in members))
    for member in members:
        assert [p["sections"]["idea"] for p in member.received("progress")] == [True]

    type_concurrently({members[0]: "123", members[1]: "456"})
    late = clients(two, seeded.members[0][1], seeded.group_id)
    assert late.join()["seq"] == 10
    assert wait_until(lambda: members[0].text() == late.text() == members[1].text())
    assert sorted(late.text()) == sorted("альфа beta гамма delta 123456")
    live_servers.kill_all()


def test_a_member_of_a_killed_process_resumes_on_the_other_with_its_offline_edits(
    live_servers,  # noqa: F811
    clients,  # noqa: F811
    shared_env,
    tmp_path,
):
    seeded = prepare_database(shared_env["DATABASE_URL"], tmp_path)
    (_, anna), (_, boris) = seeded.members
    one, two = two_processes(live_servers, shared_env, tmp_path)
    traveller, stayer = clients(one, anna, seeded.group_id), clients(two, boris, seeded.group_id)
    traveller.join()
    stayer.join()
    assert traveller.type("до сбоя")["ok"]
    assert wait_until(lambda: stayer.text() == "до сбоя")

    one.kill()
    traveller.close()
    assert traveller.type(" офлайн") is None  # kept locally while disconnected
    assert stayer.type("после: ", at_start=True)["ok"]
    traveller.connect(two.base_url)  # what nginx does once the first process is gone
    traveller.join()

    assert wait_until(lambda: traveller.text() == stayer.text())
    assert traveller.text() == "после: до сбоя офлайн"
    live_servers.kill_all()


def test_a_member_removed_on_one_process_stops_hearing_the_group_on_the_other(
    live_servers,  # noqa: F811
    clients,  # noqa: F811
    shared_env,
    tmp_path,
):
    seeded = prepare_database(shared_env["DATABASE_URL"], tmp_path, members=3)
    (anna_id, anna), (_, boris), (vera_id, vera) = seeded.members
    one, two = two_processes(live_servers, shared_env, tmp_path)
    removed, writer, observer = (
        clients(two, device, seeded.group_id) for device in (anna, boris, vera)
    )
    for client in (removed, writer, observer):
        client.join()
    assert writer.type("до")["ok"]
    assert wait_until(lambda: removed.text() == observer.text() == "до")

    # The moderator's page is served by the other process.
    browser, token = moderator_browser(one, seeded)
    response = browser.post(
        f"{one.base_url}/sessions/{seeded.session_id}/participants/{anna_id}/remove",
        data={"csrf_token": token},
        allow_redirects=False,
        timeout=20,
    )
    assert response.status_code == 302

    assert wait_until(lambda: removed.received("status"))
    assert removed.received("status")[0]["read_only_reason"] == "left_group"
    assert wait_until(lambda: anna_id not in present(observer))
    assert writer.type(" после")["ok"]
    # The observer, on the same process, got it: the removed member would have by now.
    assert wait_until(lambda: observer.text() == "до после")
    assert removed.text() == "до"
    assert len(removed.received("update")) == 1
    assert vera_id in present(observer)
    live_servers.kill_all()


def present(client: LiveClient) -> list[int]:
    """The ids in the last presence a client got."""
    seen = client.received("presence")
    return [member["id"] for member in seen[-1]["members"]] if seen else []


def live_client(server: LiveServer, device: str | None = None) -> socketio.Client:
    """A /live connection to ``server``, as a phone (with its device cookie) or a screen."""
    client = socketio.Client(reconnection=False, request_timeout=20)
    client.received = []  # type: ignore[attr-defined]
    client.on("counts", client.received.append, namespace="/live")  # type: ignore[attr-defined]
    client.connect(
        server.base_url,
        namespaces=["/live"],
        transports=["websocket"],
        headers={"Cookie": f"facilitator_device={device}"} if device else {},
        wait_timeout=20,
    )
    return client


def test_the_projector_counts_phones_online_on_every_process(
    live_servers,  # noqa: F811
    shared_env,
    tmp_path,
):
    seeded = prepare_database(shared_env["DATABASE_URL"], tmp_path, members=2)
    (_, anna), (_, boris) = seeded.members
    engine = sa.create_engine(
        shared_env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://")
    )
    with engine.connect() as connection:
        code, token = connection.execute(
            sa.text("SELECT join_code, projector_token FROM design_sessions WHERE id = :id"),
            {"id": seeded.session_id},
        ).one()
    engine.dispose()
    one, two = two_processes(live_servers, shared_env, tmp_path)
    projector = live_client(one)
    phones = []
    try:
        assert projector.call("watch", {"projector_token": token}, namespace="/live")["ok"]
        for server, device in ((one, anna), (two, boris)):
            phone = live_client(server, device)
            phones.append(phone)
            assert phone.call("watch", {"code": code}, namespace="/live")["ok"]

        assert wait_until(lambda: projector.received and projector.received[-1]["online"] == 2)
        phones[1].disconnect()  # the phone on the other process goes away
        assert wait_until(lambda: projector.received[-1]["online"] == 1)
    finally:
        for client in (projector, *phones):
            client.disconnect()
    live_servers.kill_all()


def test_a_logout_on_one_process_closes_the_moderators_sockets_on_the_other(
    live_servers,  # noqa: F811
    shared_env,
    tmp_path,
):
    seeded = prepare_database(shared_env["DATABASE_URL"], tmp_path)
    one, two = two_processes(live_servers, shared_env, tmp_path)
    browser, token = moderator_browser(one, seeded)
    cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    client = socketio.Client(reconnection=False, request_timeout=20)
    client.connect(
        two.base_url,
        namespaces=["/live", "/workspace"],
        transports=["websocket"],
        headers={"Cookie": cookie},
        wait_timeout=20,
    )
    try:
        watch = {"session_id": seeded.session_id}
        assert client.call("watch", watch, namespace="/live", timeout=20)["ok"]
        assert client.call("watch_session", watch, namespace="/workspace", timeout=20)["ok"]

        response = browser.post(
            f"{one.base_url}/logout",
            data={"csrf_token": token},
            allow_redirects=False,
            timeout=20,
        )
        assert response.status_code == 302

        assert wait_until(lambda: not client.namespaces)
    finally:
        client.disconnect()
    live_servers.kill_all()
