"""CPU-heavy work off the event loop: building documents must not stall live sessions.

Under gevent or eventlet every request and socket event shares one OS thread; a workbook that
takes seconds to build would hold every co-editor's update for those seconds. A native thread
does not help enough: it competes for the GIL, and under editing load the loop fell seconds
behind while a workbook was built. So the work runs in a child process (``python -m
facilitator.offload``), which another core can take; the loop only waits on a pipe.

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
import importlib
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import traceback
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
                _write_frame(process.stdin, order)  # type: ignore[arg-type]
                reply = _read_frame(process.stdout)  # type: ignore[arg-type]
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
            [sys.executable, "-m", "facilitator.offload"],
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


def _write_frame(stream: IO[bytes], data: bytes) -> None:
    """Write one message: its length, then its bytes."""
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> bytes:
    """Read one message; EOFError if the other side has gone."""
    header = stream.read(_LENGTH.size) or b""
    if len(header) < _LENGTH.size:
        raise EOFError("no message")
    (size,) = _LENGTH.unpack(header)
    data = stream.read(size) or b""
    if len(data) < size:
        raise EOFError("message cut short")
    return data


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
    from facilitator import create_app

    app = None
    while True:
        try:
            order = _read_frame(orders)
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
            _write_frame(replies, reply)
        except BrokenPipeError:
            return


if __name__ == "__main__":
    main()
