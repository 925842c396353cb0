"""Document builds run away from the event loop: in a child process under an async server."""

from __future__ import annotations

import os
import threading

import pytest
from flask import current_app

from facilitator.offload import OffloadFailed, run_off_loop


def where_and_which_app(suffix: str) -> tuple[int, int, str]:
    """The process and native thread this runs in, and the app it sees."""
    return os.getpid(), threading.get_ident(), current_app.name + suffix


def broken() -> None:
    """Work that fails."""
    raise ValueError("the template is damaged")


@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_under_an_async_server_the_work_runs_in_a_child_process_with_an_app(app, mode):
    app.config["ASYNC_MODE"] = mode

    pid, _thread, name = run_off_loop(where_and_which_app, "!")

    assert pid != os.getpid()
    assert name == app.name + "!"


def test_under_threading_the_work_runs_in_place(app):
    app.config["ASYNC_MODE"] = "threading"

    assert run_off_loop(where_and_which_app, "") == (
        os.getpid(),
        threading.get_ident(),
        app.name,
    )


def test_an_error_in_the_child_reaches_the_caller_with_its_reason(app):
    app.config["ASYNC_MODE"] = "gevent"

    with pytest.raises(OffloadFailed, match="the template is damaged"):
        run_off_loop(broken)
