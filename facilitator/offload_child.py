"""The child process of facilitator.offload: builds documents in an app of its own."""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any

from facilitator import create_app
from facilitator.offload import read_frame, write_frame


def _resolve(module: str, qualname: str) -> Callable[..., Any]:
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


def main() -> None:
    """The child: answer orders from stdin, each in an app context, until stdin closes."""
    # Live editing is interactive, a report is not: on a busy machine the report waits.
    with contextlib.suppress(OSError):
        os.nice(10)
    # Ctrl-C in a terminal reaches the whole process group; the child ends when its input does.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The replies own the real stdout, so a stray print in the work cannot corrupt them.
    orders, replies = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    app = None
    while True:
        try:
            order = read_frame(orders)
        except EOFError:
            return
        try:
            if app is None:  # created with the first order, so that its failure reaches the caller
                app = create_app()
            module, qualname, args = pickle.loads(order)
            with app.app_context():
                reply = pickle.dumps(("ok", _resolve(module, qualname)(*args)))
        except Exception:
            reply = pickle.dumps(("error", traceback.format_exc()))
        try:
            write_frame(replies, reply)
        except BrokenPipeError:
            return


if __name__ == "__main__":
    main()
