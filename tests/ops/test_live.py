"""The operator's kit on a real server process, with a real Socket.IO client editing."""

from __future__ import annotations

import json

import pytest
import requests

from tests.live_server import free_port, live_servers  # noqa: F401  (fixture)
from tests.ops.conftest import TOKEN
from tests.realtime.live import LiveClient, prepare_database, wait_until
from tests.services import redis_url

pytestmark = pytest.mark.live


def metric(base_url: str, prefix: str) -> float:
    """One sample of the server's /metrics, 0 when it has none yet."""
    response = requests.get(
        f"{base_url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    assert response.status_code == 200
    values = [
        float(line.rsplit(" ", 1)[1])
        for line in response.text.splitlines()
        if line.startswith(prefix)
    ]
    assert len(values) <= 1, values
    return values[0] if values else 0.0


def test_probes_and_metrics_answer_and_count_an_acknowledged_edit(
    live_servers,  # noqa: F811
    tmp_path,
):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    seeded = prepare_database(url, tmp_path)
    env = {"DATABASE_URL": url, "REDIS_URL": redis_url(), "FACILITATOR_METRICS_TOKEN": TOKEN}
    server = live_servers.start(free_port(), env, tmp_path=tmp_path)
    base = server.base_url

    assert requests.get(f"{base}/healthz", timeout=10).json() == {"status": "ok"}
    ready = requests.get(f"{base}/readyz", timeout=10)
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}
    assert requests.get(f"{base}/metrics", timeout=10).status_code == 401
    acknowledged = "facilitator_edits_acknowledged_total "
    assert metric(base, acknowledged) == 0

    (_, device), *_ = seeded.members
    client = LiveClient(base, device, seeded.group_id).connect()
    try:
        client.join()  # sends what the server lacks: one acknowledged update
        joined = metric(base, acknowledged)
        for letter in "мост":
            ack = client.type(letter)
            assert ack and ack["ok"], ack
        assert metric(base, acknowledged) == joined + 4
        assert metric(base, 'facilitator_socketio_connections{namespace="/workspace"}') == 1
        assert metric(base, "facilitator_edit_ack_seconds_count ") == joined + 4
        assert metric(base, "facilitator_batch_commit_seconds_count ") >= 1
    finally:
        client.close()
    assert wait_until(
        lambda: metric(base, 'facilitator_socketio_connections{namespace="/workspace"}') == 0
    )


def test_json_logs_carry_the_request_id_and_one_access_line_per_request(
    live_servers,  # noqa: F811
    tmp_path,
):
    url = f"sqlite:///{tmp_path / 'logs.db'}"
    prepare_database(url, tmp_path)
    env = {"DATABASE_URL": url, "FACILITATOR_LOG_FORMAT": "json"}
    server = live_servers.start(free_port(), env, tmp_path=tmp_path)

    given = requests.get(
        f"{server.base_url}/healthz?token=do-not-log", headers={"X-Request-ID": "probe-42"}
    )
    made = requests.get(f"{server.base_url}/login", headers={"X-Request-ID": "bad id <x>"})

    assert given.headers["X-Request-ID"] == "probe-42"
    assert made.headers["X-Request-ID"] not in ("", "bad id <x>")

    def access_lines() -> list[dict]:
        entries = [
            json.loads(line)
            for line in server.output().splitlines()
            if line.startswith("{")  # the start-up banner is for people, not the collector
        ]
        return [entry for entry in entries if entry["logger"] == "facilitator.access"]

    assert wait_until(lambda: len(access_lines()) >= 2), server.output()
    probe, login = access_lines()[:2]
    assert probe["request_id"] == "probe-42"
    assert (probe["method"], probe["path"], probe["status"]) == ("GET", "/healthz", 200)
    assert probe["remote_addr"] == "127.0.0.1"
    assert probe["duration_ms"] >= 0
    assert login["request_id"] == made.headers["X-Request-ID"]
    assert "do-not-log" not in server.output()
