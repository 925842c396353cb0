"""Bad input on both namespaces of a real server on PostgreSQL: clear refusals, no tracebacks.

Out-of-range ids, a timer of a billion minutes, floods of unknown events and undecodable frames.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import socketio
import websocket

from tests.live_server import (  # noqa: F401  (fixture)
    LiveServer,
    LiveServers,
    free_port,
    live_servers,
)
from tests.realtime.live import fresh_postgres_database, prepare_database, wait_until
from tests.services import postgres_url

pytestmark = [pytest.mark.live, pytest.mark.postgres]


@pytest.fixture
def server(live_servers, tmp_path) -> Iterator[LiveServer]:  # noqa: F811
    """A server process on a fresh PostgreSQL database with a session in group work."""
    postgres_url()
    with fresh_postgres_database() as url:
        prepare_database(url, tmp_path)
        yield live_servers.start(free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory) -> Iterator[LiveServer]:
    """One server for the tests that only send refused events: none of them changes its state."""
    postgres_url()
    tmp_path = tmp_path_factory.mktemp("bad-input")
    servers = LiveServers()
    with fresh_postgres_database() as url:
        prepare_database(url, tmp_path)
        try:
            yield servers.start(free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path)
        finally:
            servers.kill_all()


def connected(server: LiveServer, namespace: str) -> socketio.Client:
    """A Socket.IO client on one namespace."""
    client = socketio.Client(reconnection=False, request_timeout=20)
    client.connect(
        server.base_url, namespaces=[namespace], transports=["websocket"], wait_timeout=20
    )
    return client


@pytest.mark.parametrize(
    ("namespace", "event", "payload"),
    [
        ("/workspace", "join", {"group_id": 2**31, "state_vector": None}),
        ("/workspace", "update", {"group_id": 2**31, "update": "AAA="}),
        ("/workspace", "watch_session", {"session_id": 2**70}),
        ("/workspace", "presence", {"group_id": float(2**70), "section": None}),
        ("/live", "watch", {"session_id": 2**70}),
        ("/live", "watch", {"session_id": "9" * 5000}),
        ("/live", "start_item", {"session_id": 1, "item_id": 2**31}),
        ("/live", "present_group", {"session_id": 1, "group_id": 2**63}),
        ("/live", "timer_control", {"session_id": 1, "action": "start", "minutes": 10**9}),
    ],
)
def test_out_of_range_numbers_are_bad_requests_without_a_traceback(
    shared_server, namespace, event, payload
):
    server = shared_server
    client = connected(server, namespace)
    try:
        ack = client.call(event, payload, namespace=namespace, timeout=20)
    finally:
        client.disconnect()

    assert ack["ok"] is False
    assert ack["code"] == "bad_request"
    assert ack["message"]
    assert "Traceback" not in server.output()


@pytest.mark.parametrize("namespace", ["/workspace", "/live"])
def test_unknown_events_spend_the_rate_limit_like_any_other(server, namespace):
    client = connected(server, namespace)
    errors: list[dict] = []
    client.on("error", errors.append, namespace=namespace)
    acks: list[dict] = []
    after: list[dict] = []
    # the bucket is shared: a known event right after the flood is refused too
    known = "leave" if namespace == "/workspace" else "watch"
    try:
        # sent at once, without waiting for each acknowledgement
        for number in range(100):
            client.emit(f"no_such_event_{number}", {}, namespace=namespace, callback=acks.append)
        client.emit(known, {"group_id": 1, "code": "1"}, namespace=namespace, callback=after.append)
        assert wait_until(lambda: len(acks) == 100 and len(after) == 1, 20)
    finally:
        client.disconnect()

    codes = [ack["code"] for ack in acks]
    assert codes[0] == "unknown_event"
    assert "rate_limited" in codes
    assert codes.count("unknown_event") < 80  # burst 30, refilled at 10 a second
    assert after[0]["code"] == "rate_limited"
    assert len(errors) == codes.count("unknown_event")  # nothing is sent back when refused
    assert "Traceback" not in server.output()


@pytest.mark.parametrize(
    ("namespace", "frame"),
    [
        ("/workspace", '42/workspace,["update",'),  # Socket.IO: broken JSON
        ("/live", '42/live,["watch",{"code":'),
        ("/live", "4X"),  # Socket.IO: no such packet type
        ("/workspace", "x"),  # Engine.IO: no such packet type
    ],
)
def test_malformed_frames_are_logged_once_and_the_connection_is_dropped(server, namespace, frame):
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=20
    )
    ws.recv()  # the Engine.IO handshake
    ws.send(f"40{namespace},")
    assert ws.recv().startswith(f"40{namespace},")
    sent = 0
    try:
        for _ in range(500):
            ws.send(frame)
            sent += 1
        ws.settimeout(5)
        while ws.recv():  # until the server closes the connection
            pass
    except (websocket.WebSocketException, OSError):
        pass  # dropped by the server
    finally:
        ws.shutdown()  # close() leaves the socket open when the server is gone

    assert wait_until(lambda: "dropped after 5 malformed frames" in server.output(), 10)
    log = server.output()
    assert log.count("Malformed frame from connection") == 1
    assert "Traceback" not in log
    assert len(log) < 20_000
    # the server still serves others
    client = connected(server, namespace)
    assert client.call("nothing", {}, namespace=namespace, timeout=20)["code"] == "unknown_event"
    client.disconnect()
