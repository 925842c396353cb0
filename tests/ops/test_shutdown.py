"""The SIGTERM sequence: refuse new connections, suspend work, let batches commit, then stop."""

from __future__ import annotations

import pytest

from facilitator import signals
from facilitator.extensions import socketio
from facilitator.materials import mailing_jobs
from facilitator.ops import shutdown


class FakeSocket:
    def __init__(self, calls: list[str]) -> None:
        self.calls = calls

    def close(self) -> None:
        self.calls.append("listening socket closed")


class FakeServer:
    """Records what the shutdown does to gevent's server."""

    def __init__(self, calls: list[str]) -> None:
        self.calls = calls
        self.socket = FakeSocket(calls)

    def stop_accepting(self) -> None:
        self.calls.append("accepting stopped")

    def stop(self, timeout: float) -> None:
        self.calls.append("server stopped")


class FakePipeline:
    """Busy for a few looks, then idle: batches under way that commit."""

    def __init__(self, calls: list[str], busy_looks: int) -> None:
        self.calls = calls
        self.busy_looks = busy_looks

    def idle(self) -> bool:
        self.calls.append("pipeline looked at")
        self.busy_looks -= 1
        return self.busy_looks < 0


@pytest.fixture
def calls(app, monkeypatch) -> list[str]:
    """What happened, in order, with a fake server and a pipeline busy for two looks."""
    happened: list[str] = []
    monkeypatch.setattr(socketio, "wsgi_server", FakeServer(happened), raising=False)
    state = app.extensions["facilitator_realtime"]
    monkeypatch.setattr(state, "pipeline", FakePipeline(happened, busy_looks=2))

    def on_shutdown(sender, **_):
        happened.append("work suspended")

    signals.shutting_down.connect(on_shutdown)
    yield happened
    signals.shutting_down.disconnect(on_shutdown)
    mailing_jobs._stopping.clear()  # the mailings heard the shutdown too: serving again


def test_stop_refuses_connections_first_and_ends_the_server_after_the_batches(app, calls):
    app.config["SHUTDOWN_GRACE_SECONDS"] = 5

    shutdown.stop(app)

    assert calls == [
        "accepting stopped",
        "listening socket closed",
        "work suspended",
        "pipeline looked at",
        "pipeline looked at",
        "pipeline looked at",
        "server stopped",
    ]


def test_batches_that_never_finish_do_not_hold_the_stop_past_the_grace(app, monkeypatch):
    never = FakePipeline([], busy_looks=10**9)
    monkeypatch.setattr(app.extensions["facilitator_realtime"], "pipeline", never)

    assert shutdown.wait_for_batches(app, 0.1) is False


def test_the_real_pipeline_is_idle_with_nothing_queued(app):
    assert shutdown.wait_for_batches(app, 0.1) is True


def test_threading_mode_keeps_the_default_signal_handling(app):
    assert app.config["ASYNC_MODE"] == "threading"
    assert shutdown.install(app) is False
