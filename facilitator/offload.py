"""CPU-heavy work off the event loop: building documents must not stall live sessions.

Under gevent or eventlet every request and socket event shares one OS thread; a workbook that
takes a second to build would hold every co-editor's update for that second. Such work runs in
a native thread of the async library's pool instead, where it only competes for the GIL (which
Python hands over every few milliseconds). Under the threading mode it runs in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")


def run_off_loop(work: Callable[..., T], *args: object) -> T:
    """Run ``work(*args)`` in a native thread with an app context; return its result."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def in_context() -> T:
        with app.app_context():
            return work(*args)

    mode = app.config.get("ASYNC_MODE")
    if mode == "gevent":
        import gevent

        return gevent.get_hub().threadpool.apply(in_context)
    if mode == "eventlet":
        from eventlet import tpool

        return tpool.execute(in_context)
    return in_context()
