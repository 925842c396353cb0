"""Document builds run away from the event loop: in a child process under an async server."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest
from flask import current_app

from facilitator import offload
from facilitator.offload import OffloadFailed, run_off_loop


@pytest.fixture(autouse=True)
def no_builder_left_running() -> Iterator[None]:
    """Each test starts its own builder processes and stops them after itself."""
    yield
    offload.shutdown()


def where_and_which_app(suffix: str) -> tuple[int, int, str]:
    """The process and native thread this runs in, and the app it sees."""
    return os.getpid(), threading.get_ident(), current_app.name + suffix


def broken() -> None:
    """Work that fails."""
    raise ValueError("the template is damaged")


def pid() -> int:
    """The process this runs in."""
    return os.getpid()


def slow(seconds: float) -> int:
    """Work that takes its time; the process it ran in."""
    time.sleep(seconds)
    return os.getpid()


def echo(text: str) -> tuple[int, str]:
    """The process this runs in, and the text it was given."""
    return os.getpid(), text


def fatal() -> None:
    """Work that takes its process down with it."""
    os.kill(os.getpid(), signal.SIGKILL)


def chatty() -> str:
    """Work that prints while it builds."""
    print("building…")
    return "built"


def wait_until_dead(child: int) -> None:
    """Block until the child has exited, leaving it for its parent to collect."""
    os.waitid(os.P_PID, child, os.WEXITED | os.WNOWAIT)


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


def test_later_calls_reuse_the_same_child_process(app):
    app.config["ASYNC_MODE"] = "gevent"

    first, second = run_off_loop(pid), run_off_loop(pid)

    assert first == second != os.getpid()


def test_after_an_error_the_same_child_goes_on_working(app):
    app.config["ASYNC_MODE"] = "gevent"
    child = run_off_loop(pid)

    with pytest.raises(OffloadFailed):
        run_off_loop(broken)

    assert run_off_loop(pid) == child


def test_a_print_in_the_work_does_not_corrupt_the_reply(app):
    app.config["ASYNC_MODE"] = "gevent"

    assert run_off_loop(chatty) == "built"
    assert run_off_loop(chatty) == "built"


def test_a_child_killed_between_calls_is_replaced_without_a_failure(app):
    app.config["ASYNC_MODE"] = "gevent"
    child = run_off_loop(pid)
    os.kill(child, signal.SIGKILL)
    wait_until_dead(child)

    replacement = run_off_loop(pid)

    assert replacement not in (child, os.getpid())


def test_a_child_that_dies_during_the_work_fails_that_call_and_the_next_gets_a_new_one(app):
    app.config["ASYNC_MODE"] = "gevent"
    child = run_off_loop(pid)

    with pytest.raises(OffloadFailed, match="ended"):
        run_off_loop(fatal)

    assert run_off_loop(pid) not in (child, os.getpid())


def test_work_over_the_timeout_fails_and_the_next_call_gets_a_new_child(app, monkeypatch):
    app.config["ASYNC_MODE"] = "gevent"
    child = run_off_loop(pid)
    with monkeypatch.context() as patch:
        patch.setattr(offload, "CHILD_TIMEOUT", 0.5)
        with pytest.raises(OffloadFailed, match=r"longer than 0\.5 s"):
            run_off_loop(slow, 30)

    assert run_off_loop(pid) not in (child, os.getpid())


def test_concurrent_calls_take_turns_at_one_child_and_each_gets_its_own_result(app, monkeypatch):
    app.config["ASYNC_MODE"] = "gevent"
    monkeypatch.setattr(offload, "CHILD_TIMEOUT", 20)  # mixed-up replies fail, not hang
    child = run_off_loop(pid)
    # Bigger than a pipe's buffer, so that callers not taking turns would read each other's bytes.
    texts = [letter * 300_000 for letter in "abcdef"]
    results: dict[str, tuple[int, str]] = {}

    def call(text: str) -> None:
        with app.app_context():
            results[text] = run_off_loop(echo, text)

    callers = [threading.Thread(target=call, args=(text,)) for text in texts]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()

    assert results == {text: (child, text) for text in texts}


def test_shutdown_ends_the_child_and_the_next_call_starts_another(app):
    app.config["ASYNC_MODE"] = "gevent"
    child = run_off_loop(pid)

    offload.shutdown()

    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
    assert run_off_loop(pid) != child
