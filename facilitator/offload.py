"""CPU-heavy work off the event loop: building documents must not stall live sessions.

Under gevent or eventlet every request and socket event shares one OS thread; a workbook that
takes seconds to build would hold every co-editor's update for those seconds. A native thread
does not help enough: it competes for the GIL, and under editing load the loop fell seconds
behind while a workbook was built. So the work runs in a child process (``python -m
facilitator.offload``), which another core can take; the loop only waits on a pipe. The work
and its arguments travel pickled, from this process to its own child. Under the threading mode,
where each request has its own thread anyway, it runs in place.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app

T = TypeVar("T")

#: Seconds a child may take before the request gives up
CHILD_TIMEOUT = 300


class OffloadFailed(RuntimeError):
    """The child process could not do the work."""


def run_off_loop(work: Callable[..., T], *args: object) -> T:
    """Run ``work(*args)`` with an app context away from the event loop; return its result."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("ASYNC_MODE") in ("gevent", "eventlet"):
        return _in_child(work, args, app.instance_path)
    with app.app_context():
        return work(*args)


def _in_child(work: Callable[..., T], args: tuple[object, ...], instance_path: str) -> T:
    order = pickle.dumps((work.__module__, work.__qualname__, args))
    # The child builds, nothing more: no server, no message queue, the same instance folder.
    env = os.environ | {
        "FACILITATOR_ASYNC_MODE": "threading",
        "FACILITATOR_INSTANCE_PATH": instance_path,
    }
    env.pop("REDIS_URL", None)
    # Under gevent and eventlet, subprocess is patched: waiting here yields to other requests.
    done = subprocess.run(
        [sys.executable, "-m", "facilitator.offload"],
        input=order,
        capture_output=True,
        timeout=CHILD_TIMEOUT,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        raise OffloadFailed(done.stderr.decode(errors="replace")[-2000:])
    return pickle.loads(done.stdout)


def _resolve(module: str, qualname: str) -> Callable[..., Any]:
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


def main() -> None:
    """The child: read the order from stdin, do it in an app context, write the result."""
    # Live editing is interactive, a report is not: on a busy machine the report waits.
    with contextlib.suppress(OSError):
        os.nice(10)
    module, qualname, args = pickle.loads(sys.stdin.buffer.read())
    from facilitator import create_app

    app = create_app()
    with app.app_context():
        result = _resolve(module, qualname)(*args)
    sys.stdout.buffer.write(pickle.dumps(result))


if __name__ == "__main__":
    main()
