"""Document builds run off the event loop, in a native thread with the app's context."""

from __future__ import annotations

import threading

import pytest
from flask import current_app

from facilitator.offload import run_off_loop


def where_and_which_app(suffix: str) -> tuple[int, str]:
    """The native thread this runs in and the app it sees."""
    return threading.get_ident(), current_app.name + suffix


@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_under_an_async_server_the_work_runs_in_another_native_thread(app, mode):
    pytest.importorskip(mode)
    app.config["ASYNC_MODE"] = mode

    thread, name = run_off_loop(where_and_which_app, "!")

    assert thread != threading.get_ident()
    assert name == app.name + "!"


def test_under_threading_the_work_runs_in_place(app):
    app.config["ASYNC_MODE"] = "threading"

    assert run_off_loop(where_and_which_app, "") == (threading.get_ident(), app.name)


def test_an_error_in_the_work_reaches_the_caller(app):
    app.config["ASYNC_MODE"] = "gevent"

    def broken() -> None:
        raise ValueError("the template is damaged")

    with pytest.raises(ValueError, match="damaged"):
        run_off_loop(broken)
