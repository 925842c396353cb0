"""Load benchmark of co-editing: simulated participants against the server and a bare relay.

N participants in groups of 10 speak the real /workspace protocol with python-socketio clients;
each types into its group's Yjs document (real v1 updates made by pycrdt) at R updates a second
and now and then moves to another section (presence). The participants run in --workers
processes of asyncio clients (bench/load_clients.py, whole groups each); this process seeds the
database, starts the targets, tells the workers when to type, loads pages, runs the join storm
and prints. The same load is driven first through a bare Flask-SocketIO relay
(bench/relay_server.py: same async mode, same rooms and messages, no persistence), then through
`facilitator run`. Printed per target: p50/p95/p99 latency from an
edit to its arrival at the other members, deliveries per second, lost or unacknowledged edits,
server CPU and peak memory; then our latency as a ratio of the relay's; the response times of
the moderator's pages and a report while our load runs; and a join storm (HTTP registration with
CSRF, then socket connect and join).

Usage (PostgreSQL and, for --processes 2, Redis on 127.0.0.1; the workers need the `bench`
extra: aiohttp, uvloop):

    python bench/load_bench.py --participants 1000 --rate 0.5 --duration 60
    python bench/load_bench.py --participants 200 --duration 20 --processes 2 \
        --redis-url redis://127.0.0.1:6379/8

A fresh database is created through --postgres-url (its database only serves to issue CREATE
DATABASE) and dropped at the end; --sqlite uses a new SQLite file instead, as a venue laptop
running `facilitator run --hall` does. Every loop is bounded in count and time.
"""

# ruff: noqa: E402
# This parent is a gevent program (servers, page prober and join storm as greenlets); it is a
# separate program from the app, so patching here is allowed. The simulated participants run in
# bench/load_clients.py processes, which are started afresh and so are not patched.
from gevent import monkey

monkey.patch_all()

import argparse
import datetime as dt
import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
import requests
import socketio
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from load_clients import ACK_TIMEOUT, GRACE_SECONDS, SETTLE_LIMIT

from tests.live_server import LiveServer, free_port
from tests.live_server import start as start_facilitator

NAMESPACE = "/workspace"
PASSWORD = "bench password 1"
SECRET_KEY = "load-bench-shared-secret"
CONNECT_CONCURRENCY = 40
#: extra seconds the parent allows a worker beyond the worker's own bounded waits
SCHEDULE_SLACK = 60.0
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


# --- figures --------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the sorted values lie (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    """Seconds as milliseconds for a table."""
    return f"{seconds * 1000:8.1f}"


def plural(count: int, noun: str) -> str:
    """ "1 worker", "2 workers"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds a process used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def postgres_cpu_seconds() -> dict[int, float]:
    """CPU seconds of every PostgreSQL process on the machine (others' work included), by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError, IndexError, ValueError):
            if (entry / "comm").read_text().strip() == "postgres":
                found[int(entry.name)] = cpu_seconds(int(entry.name))
    return found


def postgres_cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU PostgreSQL used between two readings (backends that ended meanwhile are missed)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


# --- database and servers -------------------------------------------------------------------


@dataclass
class Seeded:
    """What the benchmark's database holds: a session in group work and one open for joining."""

    session_id: int
    projector_token: str
    moderator_email: str
    #: (group id, device ids of its members) per group
    groups: list[tuple[int, list[str]]]
    storm_code: str
    storm_groups: list[int]


@contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    """A new SQLite file in the run's folder, as `facilitator run` makes on a laptop."""
    yield f"sqlite:///{folder / 'bench.db'}"


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new PostgreSQL database for this run, dropped afterwards."""
    admin_url_parsed = sa.engine.make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"facilitator_load_{secrets.token_hex(4)}"
    admin = sa.create_engine(admin_url_parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    try:
        yield admin_url_parsed.set(database=name, drivername="postgresql").render_as_string(
            hide_password=False
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(url: str, folder: Path, participants: int, group_size: int, storm: int) -> Seeded:
    """Migrate and fill the database: one session in group work, one in registration."""
    from flask_migrate import upgrade

    from facilitator import create_app
    from facilitator.accounts.models import Moderator
    from facilitator.config import TestConfig
    from facilitator.extensions import db
    from facilitator.sessions.codes import new_join_code, new_projector_token
    from facilitator.sessions.model_templates import give_session_template
    from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app(
        config | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(folder / "seed")}
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        moderator = Moderator(email="bench@example.org", full_name="Мария Иванова")
        moderator.set_password(PASSWORD)

        def session(phase: str, groups: int, capacity: int = group_size) -> DesignSession:
            made = DesignSession(
                title="Нагрузочный тест",
                date=dt.date(2023, 3, 27),
                starts_at=dt.time(11, 0),
                owner=moderator,
                join_code=new_join_code(),
                projector_token=new_projector_token(),
                phase=phase,
            )
            for number in range(groups):
                made.groups.append(
                    CreativeGroup(name=f"Группа {number + 1}", position=number, capacity=capacity)
                )
            give_session_template(made)
            return made

        editing = session("group_work", -(-participants // group_size))
        # Room to spare, as halls have: a phone that names its group never finds it full.
        storming = session("lobby", max(1, -(-storm // group_size)), capacity=2 * group_size)
        people = [
            Participant(
                session=editing,
                group=editing.groups[number // group_size],
                device_id=secrets.token_urlsafe(24),
                full_name=f"Участник {number + 1}",
                organisation="ГБОУ СОШ № 496",
                position="учитель",
                city="Московский район",
                consented_at=dt.datetime.now(dt.UTC),
            )
            for number in range(participants)
        ]
        db.session.add_all([moderator, editing, storming, *people])
        db.session.commit()
        groups = [
            (group.id, [person.device_id for person in people if person.group_id == group.id])
            for group in editing.groups
        ]
        seeded = Seeded(
            session_id=editing.id,
            projector_token=editing.projector_token,
            moderator_email=moderator.email,
            groups=groups,
            storm_code=storming.join_code,
            storm_groups=[group.id for group in storming.groups],
        )
        db.session.remove()
        db.engine.dispose()
    return seeded


@dataclass
class Relay:
    """A relay_server.py process."""

    process: subprocess.Popen
    port: int

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """Stop the relay at once."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, 9)
        self.process.wait(timeout=10)


def wait_ready(base_url: str, alive: Callable[[], bool], seconds: float = 60.0) -> None:
    """Poll the Socket.IO handshake until the server answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"{base_url} exited early")
        handshake = f"{base_url}/socket.io/?EIO=4&transport=polling"
        with (
            suppress(urllib.error.URLError, ConnectionError, TimeoutError, OSError),
            urllib.request.urlopen(handshake, timeout=2),
        ):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{base_url} not ready after {seconds}s")


def start_relay(
    folder: Path, async_mode: str, queue: str | None, channel: str, tuned_gc: bool = False
) -> Relay:
    """Start one bare relay process."""
    port = free_port()
    command = [sys.executable, str(ROOT / "bench" / "relay_server.py"), "--port", str(port)]
    command += ["--async-mode", async_mode, "--channel", channel]
    if queue:
        command += ["--message-queue", queue]
    if tuned_gc:
        command += ["--tuned-gc"]
    with (folder / f"relay-{port}.log").open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    relay = Relay(process, port)
    try:
        wait_ready(relay.base_url, lambda: process.poll() is None)
    except BaseException:
        relay.kill()
        raise
    return relay


# --- simulated participants: worker processes -----------------------------------------------


@dataclass
class Target:
    """Where the load goes: the base URLs and pids of one or more server processes."""

    name: str
    urls: list[str]
    pids: list[int]


@dataclass
class Worker:
    """A bench/load_clients.py process that owns some groups' participants."""

    process: subprocess.Popen

    def send(self, message: dict[str, Any]) -> None:
        """One JSON line to the worker."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\n")
        self.process.stdin.flush()

    def receive(self, key: str, seconds: float) -> dict[str, Any]:
        """The worker's next message, which must be ``key``; within ``seconds``."""
        assert self.process.stdout is not None
        with gevent.Timeout(seconds, RuntimeError(f"no {key!r} from worker within {seconds}s")):
            line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker exited (code {self.process.wait()}) before {key!r}")
        return json.loads(line)[key]

    def stop(self, wait: float) -> None:
        """Give the worker ``wait`` seconds to disconnect its clients and exit, then end it."""
        with suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_workers(target: Target, seeded: Seeded, args: argparse.Namespace) -> list[Worker]:
    """Start the workers and hand each its share of whole groups (round robin)."""
    count = max(1, min(args.workers, len(seeded.groups)))
    shares: list[list[tuple[int, list[str]]]] = [seeded.groups[n::count] for n in range(count)]
    workers = []
    try:
        for share in shares:
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "bench" / "load_clients.py"), "--loop", args.loop],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            worker = Worker(process)
            workers.append(worker)
            worker.send(
                {
                    "urls": target.urls,
                    "groups": share,
                    "rate": args.rate,
                    "presence_every": args.presence_every,
                    "apply": not args.no_apply,
                    "connect_concurrency": max(1, CONNECT_CONCURRENCY // count),
                }
            )
    except BaseException:
        for worker in workers:
            worker.process.kill()
        raise
    return workers


# --- one editing run ------------------------------------------------------------------------


@dataclass
class EditingResult:
    """The figures of one editing run, summed over the workers."""

    target: str
    participants: int
    connect_failures: int
    window: float
    server_cpu: float
    peak_mib: list[float]
    postgres_cpu: float
    #: CPU of each worker as a share of one core
    generator_cpu: list[float]
    latencies: list[float] = field(default_factory=list)
    ack_latencies: list[float] = field(default_factory=list)
    refused: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    pages: dict[str, list[tuple[float, int]]] = field(default_factory=dict)

    def add(self, worker: dict[str, Any]) -> None:
        """Fold in one worker's figures."""
        self.latencies += worker.pop("latencies")
        self.ack_latencies += worker.pop("ack_latencies")
        for code, number in worker.pop("refused").items():
            self.refused[code] = self.refused.get(code, 0) + number
        self.generator_cpu.append(worker.pop("cpu_seconds") / worker.pop("window"))
        for name, number in worker.items():
            self.counts[name] = self.counts.get(name, 0) + number


def run_editing(
    target: Target,
    seeded: Seeded,
    args: argparse.Namespace,
    probe: Callable[[float], dict[str, list[tuple[float, int]]]] | None = None,
) -> EditingResult:
    """Connect every participant, let them type for the duration, and collect the figures."""
    total = sum(len(devices) for _group, devices in seeded.groups)
    print(f"  {target.name}: connecting {total} participants", flush=True)
    started = time.monotonic()
    workers = start_workers(target, seeded, args)
    reported = False
    try:
        readies = [worker.receive("ready", 300 + SCHEDULE_SLACK) for worker in workers]
        joined = sum(ready["joined"] for ready in readies)
        failures = sum(ready["failures"] for ready in readies)
        print(
            f"  {target.name}: connected and joined in {time.monotonic() - started:.1f} s "
            f"({failures} failed) by {plural(len(workers), 'worker')}; "
            f"typing for {args.warmup + args.duration:.0f} s",
            flush=True,
        )
        start = time.monotonic() + 1.0
        measure_from = start + args.warmup
        stop = measure_from + args.duration
        for worker in workers:
            worker.send({"start": start, "measure_from": measure_from, "stop": stop})
        gevent.sleep(max(0.0, measure_from - time.monotonic()))
        cpu_before = sum(cpu_seconds(pid) for pid in target.pids)
        pg_before = postgres_cpu_seconds()
        pages = probe(stop) if probe else {}
        gevent.sleep(max(0.0, stop - time.monotonic()))
        window = time.monotonic() - measure_from
        cpu_after = sum(cpu_seconds(pid) for pid in target.pids)
        pg_after = postgres_cpu_seconds()
        result = EditingResult(
            target=target.name,
            participants=joined,
            connect_failures=failures,
            window=window,
            server_cpu=(cpu_after - cpu_before) / window,
            peak_mib=[],
            postgres_cpu=postgres_cpu_between(pg_before, pg_after) / window,
            generator_cpu=[],
            pages=pages,
        )
        # typing ends, deliveries settle (see load_clients.settle), then each worker reports
        limit = ACK_TIMEOUT + 5 + SETTLE_LIMIT + GRACE_SECONDS + SCHEDULE_SLACK
        for worker in workers:
            result.add(worker.receive("result", limit))
        result.peak_mib = [peak_memory_mib(pid) for pid in target.pids]
        reported = True
    finally:
        for worker in workers:
            worker.stop(60.0 if reported else 0.0)
    return result


def report_editing(result: EditingResult) -> dict[str, float]:
    """Print one run's figures; return the latency percentiles."""
    counts = result.counts
    latencies = result.latencies
    figures = {q: percentile(latencies, q) for q in (0.5, 0.95, 0.99)}
    print(f"\n== {result.target}: {result.participants} participants ==")
    print(
        f"  edits sent in {result.window:.1f} s: {counts['sent']} "
        f"({counts['sent'] / result.window:.0f}/s); acknowledged ok: {counts['acked']}"
    )
    print(
        "  edit -> other members (ms):  p50 {}  p95 {}  p99 {}  max {}".format(
            *(ms(figures[q]) for q in (0.5, 0.95, 0.99)),
            ms(max(latencies, default=float("nan"))),
        )
    )
    print(
        "  edit -> ack (ms):            p50 {}  p95 {}  p99 {}".format(
            *(ms(percentile(result.ack_latencies, q)) for q in (0.5, 0.95, 0.99))
        )
    )
    print(
        f"  deliveries: {counts['delivered']} of {counts['expected']} expected, "
        f"{counts['delivered'] / result.window:.0f}/s; "
        f"presence events {counts['presence_events']}, "
        f"progress events {counts['progress_events']}"
    )
    print(
        f"  lost edits (acked, never delivered to every other member): {counts['lost']}; "
        f"unacknowledged: {counts['timeouts']} timed out, refused {result.refused or 0}; "
        f"connect/join failures: {result.connect_failures}; dropped connections: "
        f"{counts['dropped']}; late ticks: {counts['late_ticks']}"
    )
    workers = result.generator_cpu
    print(
        f"  CPU: server {result.server_cpu * 100:.0f}% of a core, PostgreSQL (whole machine) "
        f"{result.postgres_cpu * 100:.0f}%, load generator {sum(workers) * 100:.0f}% "
        f"({plural(len(workers), 'worker')}: {', '.join(f'{w * 100:.0f}%' for w in workers)}); "
        f"server peak memory {', '.join(f'{m:.0f}' for m in result.peak_mib)} MiB"
    )
    for name, samples in result.pages.items():
        times = [seconds for seconds, _status in samples]
        statuses = sorted({status for _seconds, status in samples})
        print(
            f"  page {name:<10} n={len(times):3}  p50 {ms(percentile(times, 0.5))}  "
            f"p95 {ms(percentile(times, 0.95))}  max {ms(max(times, default=float('nan')))} ms"
            f"  status {statuses}"
        )
    return figures


# --- pages and reports under load -----------------------------------------------------------


def csrf_token(response: requests.Response) -> str:
    """The CSRF token every page carries in its <meta>."""
    match = CSRF.search(response.text)
    if match is None:
        raise RuntimeError(f"no CSRF token in {response.url} ({response.status_code})")
    return match.group(1)


def page_prober(
    base_url: str, seeded: Seeded, interval: float, report_interval: float
) -> Callable[[float], dict[str, list[tuple[float, int]]]]:
    """Return a function that keeps loading the moderator's pages until a deadline.

    Each page has its own loop (a slow one does not space out the others' samples): the live
    dashboard, the progress board and the projector every ``interval`` seconds, the results
    workbook every ``report_interval`` seconds.
    """

    def probe(stop: float) -> dict[str, list[tuple[float, int]]]:
        browser = requests.Session()
        token = csrf_token(browser.get(f"{base_url}/login", timeout=30))
        login = browser.post(
            f"{base_url}/login",
            data={"email": seeded.moderator_email, "password": PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=30,
        )
        if login.status_code != 302:
            raise RuntimeError(f"moderator login failed: {login.status_code}")
        pages = {
            "dashboard": (f"/sessions/{seeded.session_id}/live", interval),
            "progress": (f"/w/session/{seeded.session_id}/progress", interval),
            "projector": (f"/p/{seeded.projector_token}", interval),
            "report": (
                f"/sessions/{seeded.session_id}/materials/download/results",
                report_interval,
            ),
        }
        samples: dict[str, list[tuple[float, int]]] = {name: [] for name in pages}

        def loop(name: str, path: str, every: float) -> None:
            session = requests.Session()
            session.cookies.update(browser.cookies)
            while time.monotonic() < stop:
                began = time.monotonic()
                try:
                    status = session.get(base_url + path, timeout=30).status_code
                except requests.RequestException:
                    status = 0
                samples[name].append((time.monotonic() - began, status))
                gevent.sleep(max(0.0, every - (time.monotonic() - began)))

        for name, (path, every) in pages.items():
            gevent.spawn(loop, name, path, every)
        return samples

    return probe


# --- join storm -----------------------------------------------------------------------------


@dataclass
class StormResult:
    """Outcome of the join storm."""

    ok: list[float] = field(default_factory=list)
    http: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    clients: list[socketio.Client] = field(default_factory=list)

    def fail(self, stage: str) -> None:
        """Count a failure at one stage."""
        self.failures[stage] = self.failures.get(stage, 0) + 1


WORKSPACE_LINK = re.compile(r'href="/w/(\d+)"')


def group_from_home(page: str) -> int:
    """The group a participant's home page links to, as the server placed them."""
    found = WORKSPACE_LINK.search(page)
    if found is None:
        raise RuntimeError("the home page names no group")
    return int(found.group(1))


def storm_one(number: int, base_url: str, seeded: Seeded, result: StormResult) -> None:
    """One participant: registration form with CSRF, then the socket and `join`."""
    began = time.monotonic()
    # Every other phone leaves the choice at «any group», as many people do; the server then
    # picks the group with the most free places and the home page names it.
    groups = seeded.storm_groups
    chosen = groups[(number // 2) % len(groups)] if number % 2 else None
    stage = "register form"
    try:
        browser = requests.Session()
        form = browser.get(f"{base_url}/s/{seeded.storm_code}/register", timeout=30)
        form.raise_for_status()
        stage = "register post"
        posted = browser.post(
            f"{base_url}/s/{seeded.storm_code}/register",
            data={
                "full_name": f"Участник шторма {number + 1}",
                "organisation": "ГБОУ СОШ № 496",
                "position": "учитель",
                "city": "Московский район",
                "email": "",
                "consent": "y",
                "group": str(chosen) if chosen else "auto",
                "csrf_token": csrf_token(form),
            },
            timeout=30,
        )
        if posted.status_code != 200 or "facilitator_device" not in browser.cookies:
            raise RuntimeError(f"registration answered {posted.status_code}")
        group_id = chosen or group_from_home(posted.text)
        result.http.append(time.monotonic() - began)
        stage = "socket connect"
        client = socketio.Client(reconnection=False, request_timeout=30)
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        client.connect(
            base_url,
            namespaces=[NAMESPACE],
            transports=["websocket"],
            headers={"Cookie": cookie},
            wait_timeout=30,
        )
        result.clients.append(client)
        stage = "join"
        ack = client.call(
            "join", {"group_id": group_id, "state_vector": None}, namespace=NAMESPACE, timeout=30
        )
        if not (ack and ack.get("ok")):
            raise RuntimeError(f"join refused: {ack}")
    except Exception as error:
        result.fail(stage)
        if sum(result.failures.values()) <= 3:
            print(f"    storm failure at {stage}: {type(error).__name__}: {error}", flush=True)
        return
    result.ok.append(time.monotonic() - began)


def wait_idle(pids: list[int], limit: float = 120.0) -> float:
    """Wait until the servers are nearly idle (a backlog would be measured otherwise)."""
    began = time.monotonic()
    while time.monotonic() - began < limit:
        before = sum(cpu_seconds(pid) for pid in pids)
        gevent.sleep(1.0)
        if sum(cpu_seconds(pid) for pid in pids) - before < 0.1:
            break
    return time.monotonic() - began


def run_storm(target: Target, seeded: Seeded, count: int, seconds: float) -> StormResult:
    """``count`` participants arriving evenly over ``seconds``, each on one process."""
    waited = wait_idle(target.pids)
    print(f"\n  (waited {waited:.0f} s for the server to be idle before the storm)", flush=True)
    result = StormResult()
    cpu_before = sum(cpu_seconds(pid) for pid in target.pids)
    began = time.monotonic()
    greenlets = []
    for number in range(count):
        gevent.sleep(max(0.0, began + number * seconds / count - time.monotonic()))
        url = target.urls[number % len(target.urls)]
        greenlets.append(gevent.spawn(storm_one, number, url, seeded, result))
    gevent.joinall(greenlets, timeout=120)
    took = time.monotonic() - began
    cpu = sum(cpu_seconds(pid) for pid in target.pids) - cpu_before
    print(f"\n== join storm on {target.name}: {count} participants over {seconds:.0f} s ==")
    print(f"  joined: {len(result.ok)} of {count} in {took:.1f} s; failures {result.failures or 0}")
    print(
        f"  registration (GET form + POST) ms: p50 {ms(percentile(result.http, 0.5))}  "
        f"p95 {ms(percentile(result.http, 0.95))}  max {ms(max(result.http, default=0))}"
    )
    print(
        f"  whole join (+ socket, `join` ack) ms: p50 {ms(percentile(result.ok, 0.5))}  "
        f"p95 {ms(percentile(result.ok, 0.95))}  max {ms(max(result.ok, default=0))}"
    )
    per_join = cpu / max(1, len(result.ok)) * 1000
    print(f"  server CPU: {cpu:.1f} s, {per_join:.1f} ms a join (what one process can serve)")
    for client in result.clients:
        with suppress(Exception):
            client.disconnect()
    return result


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Co-editing load benchmark.")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--group-size", type=int, default=10)
    parser.add_argument("--rate", type=float, default=0.5, help="updates/s per participant")
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=5.0, help="typing before measuring")
    parser.add_argument("--presence-every", type=float, default=20.0, help="seconds")
    parser.add_argument("--processes", type=int, default=1, choices=[1, 2])
    parser.add_argument("--async-mode", default="gevent", choices=["gevent", "eventlet"])
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/bench"),
    )
    parser.add_argument(
        "--sqlite",
        action="store_true",
        help="the embedded SQLite file a venue laptop runs on, instead of PostgreSQL",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    )
    parser.add_argument("--storm", type=int, default=300, help="participants; 0 skips it")
    parser.add_argument("--storm-seconds", type=float, default=10.0)
    parser.add_argument("--no-relay", action="store_true", help="skip the bare relay")
    parser.add_argument("--no-server", action="store_true", help="only the relay")
    parser.add_argument("--no-pages", action="store_true", help="skip loading pages")
    parser.add_argument("--page-interval", type=float, default=1.0, help="seconds per page")
    parser.add_argument(
        "--report-interval", type=float, default=10.0, help="seconds between workbook downloads"
    )
    parser.add_argument(
        "--relay-tuned-gc",
        action="store_true",
        help="give the relay the server's garbage-collector settings too",
    )
    parser.add_argument(
        "--no-apply", action="store_true", help="clients do not apply remote updates"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="load generator processes (whole groups each)"
    )
    parser.add_argument(
        "--loop", default="uvloop", choices=["uvloop", "asyncio"], help="the workers' event loop"
    )
    args = parser.parse_args(argv)
    for needed in ["aiohttp"] + (["uvloop"] if args.loop == "uvloop" else []):
        if importlib.util.find_spec(needed) is None:
            parser.error(f"the workers need {needed}: pip install -e '.[bench]'")
    return args


def machine() -> str:
    """A line describing where the figures come from."""
    model = "unknown CPU"
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = Path("/proc/meminfo").read_text().split()[1]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), {int(memory) / 2**20:.0f} GiB; load {load}"


def main(argv: list[str]) -> None:
    """Run the relay, then the server, then the join storm; print the figures."""
    args = parse_args(argv)
    print(f"machine: {machine()}")
    print(
        f"load: {args.participants} participants in groups of {args.group_size}, "
        f"{args.rate} updates/s each, {args.duration:.0f} s measured after {args.warmup:.0f} s, "
        f"{args.processes} process(es), {args.async_mode}; "
        f"load generator: {plural(args.workers, 'worker')} ({args.loop})",
        flush=True,
    )
    channel = f"facilitator-bench-{secrets.token_hex(4)}"
    queue = args.redis_url if args.processes > 1 else None
    results: dict[str, dict[str, float]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="load-bench-") as tmp,
        sqlite_database(Path(tmp)) if args.sqlite else fresh_database(args.postgres_url) as url,
    ):
        folder = Path(tmp)
        seeded = seed(url, folder, args.participants, args.group_size, args.storm)
        if not args.no_relay:
            relays = [
                start_relay(folder, args.async_mode, queue, channel + "-relay", args.relay_tuned_gc)
                for _ in range(args.processes)
            ]
            try:
                target = Target(
                    "bare relay", [r.base_url for r in relays], [r.process.pid for r in relays]
                )
                results["relay"] = report_editing(run_editing(target, seeded, args))
            finally:
                for relay in relays:
                    relay.kill()
        if not args.no_server:
            env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY}
            if queue:
                env |= {"REDIS_URL": queue, "FACILITATOR_SOCKETIO_CHANNEL": channel}
            servers: list[LiveServer] = []
            try:
                for _ in range(args.processes):
                    servers.append(
                        start_facilitator(
                            free_port(), env, async_mode=args.async_mode, tmp_path=folder
                        )
                    )
                target = Target(
                    "facilitator", [s.base_url for s in servers], [s.process.pid for s in servers]
                )
                probe = (
                    None
                    if args.no_pages
                    else page_prober(
                        servers[0].base_url, seeded, args.page_interval, args.report_interval
                    )
                )
                results["server"] = report_editing(run_editing(target, seeded, args, probe))
                if args.storm:
                    run_storm(target, seeded, args.storm, args.storm_seconds)
            finally:
                for server in servers:
                    server.kill()
                    if server.process.returncode not in (None, 0, -9):
                        print(server.output()[-3000:])
    if "relay" in results and "server" in results:
        print("\n== facilitator latency / bare relay latency ==")
        for q in (0.5, 0.95, 0.99):
            print(f"  p{round(q * 100)}: {results['server'][q] / results['relay'][q]:.2f}x")
    print(f"\nload average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])
