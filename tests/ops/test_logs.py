"""Logs: JSON lines with the request id, the X-Request-ID header, one access line per request."""

from __future__ import annotations

import json
import logging
import re

import pytest

from facilitator.ops import logs

GENERATED = re.compile(r"[0-9a-f]{32}")


def as_json(record: logging.LogRecord) -> dict:
    """The record as the JSON formatter writes it, parsed back."""
    line = logs.JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


@pytest.fixture
def access_app(app):
    """The test app writing its access lines."""
    app.config["ACCESS_LOG"] = True
    return app


def test_a_json_line_carries_time_level_logger_message_extras_and_the_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("facilitator.test").makeRecord(
            "facilitator.test",
            logging.ERROR,
            __file__,
            1,
            "Группа %s: %s",
            ("1", "ошибка"),
            exc_info=__import__("sys").exc_info(),
            extra={"request_id": "abc-1", "group_id": 7},
        )

    entry = as_json(record)

    assert entry["level"] == "ERROR"
    assert entry["logger"] == "facilitator.test"
    assert entry["message"] == "Группа 1: ошибка"
    assert entry["request_id"] == "abc-1"
    assert entry["group_id"] == 7
    assert "RuntimeError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_a_sane_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.9c:01_x"})

    assert response.headers["X-Request-ID"] == "lb-7f3a.9c:01_x"


@pytest.mark.parametrize(
    "incoming",
    ["", "a" * 129, "has space", 'quote"d', "new\tline", "-leading-dash", "ключ", "<script>"],
)
def test_an_insane_request_id_is_replaced_by_a_new_one(client, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})

    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


def test_each_request_without_an_id_gets_its_own(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]

    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second


def test_one_access_line_per_request_without_the_query_string(access_app, caplog):
    client = access_app.test_client()
    with caplog.at_level(logging.INFO, logger=logs.ACCESS_LOGGER):
        response = client.get(
            "/s/ABC123/?token=secret-token-value",
            headers={"X-Request-ID": "req-42"},
            environ_base={"REMOTE_ADDR": "10.1.2.3"},
        )

    lines = [r for r in caplog.records if r.name == logs.ACCESS_LOGGER]
    assert len(lines) == 1
    entry = as_json(lines[0])
    assert entry["request_id"] == "req-42"
    assert entry["method"] == "GET"
    assert entry["path"] == "/s/ABC123/"
    assert entry["status"] == response.status_code
    assert entry["remote_addr"] == "10.1.2.3"
    assert entry["duration_ms"] >= 0
    assert entry["user_id"] is None
    assert "secret-token-value" not in json.dumps(entry)


def test_the_access_line_names_the_signed_in_moderator(
    access_app, moderator_client, moderator, caplog
):
    with caplog.at_level(logging.INFO, logger=logs.ACCESS_LOGGER):
        response = moderator_client.get("/")

    assert response.status_code == 200
    (line,) = [r for r in caplog.records if r.name == logs.ACCESS_LOGGER]
    assert as_json(line)["user_id"] == str(moderator.id)


def test_no_access_lines_when_they_are_off(app, client, caplog):
    app.config["ACCESS_LOG"] = False
    with caplog.at_level(logging.INFO, logger=logs.ACCESS_LOGGER):
        client.get("/healthz")

    assert not [r for r in caplog.records if r.name == logs.ACCESS_LOGGER]


def test_log_lines_of_a_socket_connection_share_its_handshake_request_id(app):
    environ_headers = {"X-Request-ID": "socket-handshake-1"}
    with app.test_request_context("/socket.io/", headers=environ_headers) as handshake:
        environ = handshake.request.environ
        record = logging.LogRecord("facilitator.realtime", logging.INFO, "", 0, "joined", (), None)
        logs.RequestIdFilter().filter(record)
    # Flask-SocketIO handles each event of the connection in a context on the same environ.
    with app.request_context(environ):
        later = logging.LogRecord("facilitator.realtime", logging.INFO, "", 0, "update", (), None)
        logs.RequestIdFilter().filter(later)

    assert record.request_id == later.request_id == "socket-handshake-1"


def test_a_connection_without_an_id_keeps_the_one_made_for_it(app):
    with app.test_request_context("/socket.io/") as handshake:
        environ = handshake.request.environ
        first = logs.current_request_id()
    with app.request_context(environ):
        again = logs.current_request_id()

    assert GENERATED.fullmatch(first) and first == again


def test_outside_a_request_lines_have_no_request_id():
    record = logging.LogRecord("facilitator.cli", logging.INFO, "", 0, "started", (), None)
    logs.RequestIdFilter().filter(record)

    assert "request_id" not in as_json(record)


def test_building_a_pdf_does_not_flood_the_log_with_font_subsetting_lines():
    """fontTools logs each PDF's font subsetting at INFO, about a hundred lines a file."""
    with logs.kept():
        logging.getLogger().setLevel(logging.INFO)
        logs.configure("text")
        assert not logging.getLogger("fontTools.subset").isEnabledFor(logging.INFO)
        assert logging.getLogger("facilitator.materials").isEnabledFor(logging.INFO)
