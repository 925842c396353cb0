"""CPU-heavy work off the event loop: building documents must not stall live sessions.

Under gevent or eventlet every request and socket event shares one OS thread; a workbook that
takes seconds to build would hold every co-editor's update for those seconds. A native thread
does not help enough: it competes for the GIL, and under editing load the loop fell seconds
behind while a workbook was built. So the work runs in a child process (``python -m
facilitator.offload_child``), which another core can take; the loop only waits on a pipe.

Starting such a child (imports and ``create_app()``) costs about 1.5 s of CPU, and a child per
document took that from live editing on every report. So the child is long-lived: started on
first use, one per instance folder, it takes order after order while callers take turns at it.
Work and arguments travel pickled, from this process to its own child, in length-prefixed
frames. A child found dead is replaced without a word; one that dies, or takes longer than
``CHILD_TIMEOUT``, with an order in hand fails that order with ``OffloadFailed``, and the next
call starts a fresh child. Under the threading mode, where each request has its own thread
anyway, the work runs in place.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, Any, TypeVar

from flask import current_app

T = TypeVar("T")

#: Seconds a child may take over one order before it is stopped
CHILD_TIMEOUT = 300
#: Seconds a child is given to exit by itself once its input is closed
_GRACE = 2
_LENGTH = struct.Struct("!Q")


class OffloadFailed(RuntimeError):
    """The child process could not do the work."""


def run_off_loop(work: Callable[..., T], *args: object) -> T:
    """Run ``work(*args)`` with an app context away from the event loop; return its result."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("ASYNC_MODE") in ("gevent", "eventlet"):
        order = pickle.dumps((work.__module__, work.__qualname__, args))
        builder = _builders.setdefault(app.instance_path, _Builder(app.instance_path))
        return builder.run(order)
    with app.app_context():
        return work(*args)


def shutdown() -> None:
    """Stop every builder process; the next call starts a fresh one."""
    for builder in list(_builders.values()):
        builder.stop()


class _Builder:
    """The long-lived child for one instance folder, and the lock its callers take turns at."""

    def __init__(self, instance_path: str) -> None:
        self.instance_path = instance_path
        # Under gevent and eventlet the lock, the pipes and the timer are patched: waiting on
        # them yields to other requests.
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None

    def run(self, order: bytes) -> Any:
        """Hand the order to the child and return its result."""
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.stop()
                self.process = self._start()
            process = self.process
            expired = threading.Event()

            def expire() -> None:
                expired.set()
                process.kill()

            watchdog = threading.Timer(CHILD_TIMEOUT, expire)
            watchdog.daemon = True
            watchdog.start()
            # A dead child shows as EOF or a broken pipe; one shut down mid-call, as ValueError.
            try:
                write_frame(process.stdin, order)  # type: ignore[arg-type]
                reply = read_frame(process.stdout)  # type: ignore[arg-type]
            except (OSError, EOFError, ValueError) as error:
                self.process = None
                code = _end(process)
                if expired.is_set():
                    reason = f"the build took longer than {CHILD_TIMEOUT} s and was stopped"
                else:
                    reason = f"the builder process ended (exit code {code})"
                raise OffloadFailed(reason) from error
            finally:
                watchdog.cancel()
        status, value = pickle.loads(reply)
        if status != "ok":
            raise OffloadFailed(value)
        return value

    def stop(self) -> None:
        """End the child, if any: it exits when its input closes, or is killed."""
        process, self.process = self.process, None
        if process is not None:
            _end(process)

    def _start(self) -> subprocess.Popen[bytes]:
        # The child builds, nothing more: no server, no message queue, the same instance folder.
        env = os.environ | {
            "FACILITATOR_ASYNC_MODE": "threading",
            "FACILITATOR_INSTANCE_PATH": self.instance_path,
        }
        env.pop("REDIS_URL", None)
        return subprocess.Popen(
            [sys.executable, "-m", "facilitator.offload_child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )


_builders: dict[str, _Builder] = {}
atexit.register(shutdown)


def _end(process: subprocess.Popen[bytes]) -> int:
    """Close the child's input, wait for it (killing it if it lingers); its exit code."""
    with contextlib.suppress(OSError):
        process.stdin.close()  # type: ignore[union-attr]
    try:
        code = process.wait(timeout=_GRACE)
    except subprocess.TimeoutExpired:
        process.kill()
        code = process.wait()
    process.stdout.close()  # type: ignore[union-attr]
    return code


def write_frame(stream: IO[bytes], data: bytes) -> None:
    """Write one message: its length, then its bytes."""
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> bytes:
    """Read one message; EOFError if the other side has gone."""
    header = stream.read(_LENGTH.size) or b""
    if len(header) < _LENGTH.size:
        raise EOFError("no message")
    (size,) = _LENGTH.unpack(header)
    data = stream.read(size) or b""
    if len(data) < size:
        raise EOFError("message cut short")
    return data
