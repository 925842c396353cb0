"""Start real `facilitator run` server processes for live tests, and always stop them.

Usage in a test module::

    from tests.live_server import free_port, live_servers  # noqa: F401  (fixture)

    def test_something(live_servers, tmp_path):
        server = live_servers.start(free_port(), {"DATABASE_URL": url}, tmp_path=tmp_path)
        ...  # server.base_url, server.kill(), live_servers.start(...) again to restart

or without the fixture::

    with running(free_port(), env, tmp_path=tmp_path) as server:
        ...

Every process is started in its own process group and killed (SIGKILL) on teardown, even when
the test fails; its output goes to a log file that failures quote.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def facilitator_command() -> list[str]:
    """The `facilitator` console script of the running interpreter's environment."""
    script = Path(sys.executable).parent / "facilitator"
    if script.exists():
        return [str(script)]
    found = shutil.which("facilitator")
    if found is None:
        raise RuntimeError("the `facilitator` command is not installed")
    return [found]


@dataclass
class LiveServer:
    """A `facilitator run` process and where it listens."""

    process: subprocess.Popen
    port: int
    log_path: Path
    env: dict[str, str] = field(repr=False, default_factory=dict)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.process.poll() is None

    def output(self) -> str:
        """What the server printed so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def kill(self) -> None:
        """SIGKILL the server's process group at once (a crash) and reap it."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        """Ask the server to stop (SIGTERM); kill it if it does not within a few seconds."""
        self._signal(signal.SIGTERM)

    def _signal(self, signum: int) -> None:
        if self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


def _ready(base_url: str) -> bool:
    """Whether the Socket.IO endpoint answers a polling handshake."""
    url = f"{base_url}/socket.io/?EIO=4&transport=polling"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def start(
    port: int,
    env: dict[str, str],
    *,
    async_mode: str = "gevent",
    tmp_path: Path | None = None,
    timeout: float = READY_TIMEOUT,
    args: tuple[str, ...] = ("--host", "127.0.0.1"),
) -> LiveServer:
    """Start `facilitator run` on 127.0.0.1:port and return once it answers.

    ``args`` replace the default ``--host 127.0.0.1`` (``("--hall",)`` serves every interface).

    ``env`` is added to this process's environment (DATABASE_URL, REDIS_URL, ...). Without
    FACILITATOR_INSTANCE_PATH in it, a temporary instance folder is used. The caller must
    stop the server; prefer the `live_servers` fixture or `running`, which always do.
    """
    folder = Path(tmp_path or tempfile.mkdtemp(prefix="facilitator-live-"))
    full_env = os.environ.copy() | {
        "FACILITATOR_INSTANCE_PATH": str(folder / "instance"),
        "PYTHONUNBUFFERED": "1",
    }
    full_env.pop("PYTEST_CURRENT_TEST", None)
    # The package's __init__ reads the config before `--async-mode` is seen, so the
    # environment must name the mode too.
    full_env["FACILITATOR_ASYNC_MODE"] = async_mode
    full_env |= env
    if full_env.get("REDIS_URL") and not full_env.get("SECRET_KEY"):
        # Processes sharing Redis must share the key that signs cookies; the app refuses to
        # start without one.
        full_env["SECRET_KEY"] = "live-test-secret-shared-by-every-process"
    log_path = folder / f"server-{port}-{time.monotonic_ns()}.log"
    command = [
        *facilitator_command(),
        "run",
        *args,
        "--port",
        str(port),
        "--async-mode",
        async_mode,
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, killed as a whole
        )
    server = LiveServer(process=process, port=port, log_path=log_path, env=full_env)
    deadline = time.monotonic() + timeout
    try:
        while not _ready(server.base_url):
            if not server.alive():
                raise RuntimeError(f"server exited early:\n{server.output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready after {timeout}s:\n{server.output()}")
            time.sleep(0.1)
    except BaseException:
        server.kill()
        raise
    return server


@contextmanager
def running(port: int, env: dict[str, str], **options) -> Iterator[LiveServer]:
    """A started server that is killed when the block ends, however it ends."""
    server = start(port, env, **options)
    try:
        yield server
    finally:
        server.kill()


class LiveServers:
    """Starts servers for one test and kills every one of them at teardown."""

    def __init__(self) -> None:
        self.started: list[LiveServer] = []

    def start(self, port: int, env: dict[str, str], **options) -> LiveServer:
        """As `start`, remembered for teardown."""
        server = start(port, env, **options)
        self.started.append(server)
        return server

    def kill_all(self) -> None:
        """Kill every server this test started."""
        for server in self.started:
            server.kill()


@pytest.fixture
def live_servers() -> Iterator[LiveServers]:
    """Return a LiveServers whose processes die with the test; pytest shows logs on failure."""
    servers = LiveServers()
    try:
        yield servers
    finally:
        servers.kill_all()
        for server in servers.started:
            # Captured output is only displayed when the test failed.
            print(f"--- server on port {server.port} ---\n{server.output()[-5000:]}")
