"""How fast the hall follows the moderator: phones get each phase change whole, the projector
gets each group's progress after an edit.

    python bench/live_bench.py                                  # 100 phones, one process
    python bench/live_bench.py --phones 200 --changes 30
    python bench/live_bench.py --processes 2 --redis-url redis://127.0.0.1:6379/8

It seeds a session (SQLite, or ``--database-url``) with the demo's agenda and ``--phones``
registered participants, starts real ``facilitator run`` processes, connects every phone to
/live with its device cookie (half of them reading English), a projector and the moderator.
Phones, projector and moderator are python-socketio asyncio clients in this one process, so
every time is read on one clock. Processes get the phones round robin; the moderator talks to
the first process and the projector to the last, so with two processes every message crosses
the Redis queue. It prints, over ``--changes`` phase changes, the delay from the moderator's
control to the moment the last phone holds the whole new state (phase, agenda item, speaker,
timer all from one message, checked against the moderator's acknowledgement), and over
``--edits`` edits, the delay from a member's edit to the projector's `progress` event, and to
the projector's page showing the new figure (the event, the page's 150 ms wait, one fetch).
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live.conftest import AGENDA  # noqa: E402
from tests.live_server import free_port, running  # noqa: E402
from tests.realtime.replica import Replica  # noqa: E402

PASSWORD = "bench-password-1"
EMAIL = "live-bench@example.org"
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
#: The projector page waits this long after a `progress` event before it fetches itself
PAGE_WAIT_SECONDS = 0.15
PATIENCE_SECONDS = 30.0


def seed(database_url: str, instance: Path, phones: int, groups: int) -> dict[str, Any]:
    """Migrate and fill the database: a session in registration with its agenda and phones."""
    from facilitator import create_app
    from facilitator.accounts.models import Moderator
    from facilitator.cli import upgrade_database
    from facilitator.extensions import db
    from facilitator.sessions.codes import new_join_code, new_projector_token
    from facilitator.sessions.model_templates import give_session_template
    from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession, Participant

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        upgrade_database()
        owner = Moderator(email=EMAIL, full_name="Мария Иванова")
        owner.set_password(PASSWORD)
        session = DesignSession(
            title="Замер живого следования",
            date=dt.date(2023, 3, 27),
            starts_at=dt.time(11, 0),
            language="ru",
            phase="lobby",
            owner=owner,
            join_code=new_join_code(),
            projector_token=new_projector_token(),
        )
        for number in range(groups):
            session.groups.append(
                CreativeGroup(name=f"Группа {number + 1}", position=number, capacity=phones)
            )
        start = dt.datetime.combine(session.date, session.starts_at)
        for position, (kind, title, speaker, credentials, minutes) in enumerate(AGENDA):
            session.agenda.append(
                AgendaItem(
                    position=position,
                    starts_at=start.time(),
                    duration_minutes=minutes,
                    kind=kind,
                    title=title,
                    speaker=speaker,
                    speaker_credentials=credentials,
                )
            )
            start += dt.timedelta(minutes=minutes)
        give_session_template(session)
        devices = [secrets.token_urlsafe(24) for _ in range(phones)]
        for number, device in enumerate(devices):
            session.participants.append(
                Participant(
                    group=session.groups[number % groups],
                    device_id=device,
                    full_name=f"Участник {number + 1}",
                    organisation="ГБОУ СОШ № 496",
                    position="учитель",
                    city="Московский район",
                    consented_at=dt.datetime.now(dt.UTC),
                )
            )
        db.session.add(session)
        db.session.commit()
        data = {
            "session_id": session.id,
            "code": session.join_code,
            "token": session.projector_token,
            "devices": devices,
            "items": [item.id for item in session.agenda],
            "group_work_item": next(i.id for i in session.agenda if i.kind.value == "group_work"),
            "group": session.groups[0].id,
            "writer": devices[0],
        }
        db.session.remove()
        db.engine.dispose()
    return data


class Phone:
    """A /live client that remembers when each `now` arrived."""

    def __init__(self, base_url: str, cookie: str, watch: dict[str, Any]) -> None:
        self.base_url = base_url
        self.cookie = cookie
        self.watch_payload = watch
        self.client = socketio.AsyncClient(reconnection=False)
        self.received: list[tuple[float, dict[str, Any]]] = []
        self.progress: list[tuple[float, dict[str, Any]]] = []
        self.arrived = asyncio.Event()
        self.client.on("now", self._on_now, namespace="/live")
        self.client.on("progress", self._on_progress, namespace="/live")

    async def _on_now(self, payload: dict[str, Any]) -> None:
        self.received.append((time.perf_counter(), payload))
        self.arrived.set()

    async def _on_progress(self, payload: dict[str, Any]) -> None:
        self.progress.append((time.perf_counter(), payload))
        self.arrived.set()

    async def connect(self) -> dict[str, Any]:
        """Connect and watch; the acknowledgement."""
        await self.client.connect(
            self.base_url,
            headers={"Cookie": self.cookie} if self.cookie else {},
            namespaces=["/live"],
            transports=["websocket"],
            wait_timeout=PATIENCE_SECONDS,
        )
        ack = await self.client.call("watch", self.watch_payload, namespace="/live", timeout=30)
        if not ack.get("ok"):
            raise RuntimeError(f"watch refused: {ack}")
        return ack

    def holds(self, expected: dict[str, Any]) -> float | None:
        """When this phone got a `now` that is the whole expected state, if it did."""
        for at, now in self.received:
            if whole(now, expected):
                return at
        return None


def whole(now: dict[str, Any], expected: dict[str, Any]) -> bool:
    """The same phase, item, speaker, next item and timer as the moderator's acknowledgement."""
    keys = ("phase", "view", "agenda_item", "next_item", "presenting_group_id")
    timer_keys = ("state", "ends_at_ms", "duration_ms")
    return all(now.get(k) == expected.get(k) for k in keys) and all(
        now["timer"].get(k) == expected["timer"].get(k) for k in timer_keys
    )


async def log_in(http: aiohttp.ClientSession, base_url: str) -> str:
    """The moderator's session cookie header."""
    async with http.get(f"{base_url}/login") as response:
        token = CSRF.search(await response.text()).group(1)
    form = {"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    async with http.post(f"{base_url}/login", data=form, allow_redirects=False) as response:
        if response.status != 302:
            raise RuntimeError(f"login failed: {response.status}")
    return "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)


def figures(name: str, seconds: list[float]) -> None:
    """One line: how many, median, 95th percentile and worst, in milliseconds."""
    if not seconds:
        print(f"  {name}: no samples")
        return
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"  {name}: n={len(ordered)}  median {statistics.median(ordered) * 1000:.0f} ms  "
        f"p95 {p95 * 1000:.0f} ms  max {ordered[-1] * 1000:.0f} ms"
    )


async def wait_until(check, seconds: float = PATIENCE_SECONDS) -> Any:
    """Poll ``check()`` until it returns something other than None."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        found = check()
        if found is not None:
            return found
        await asyncio.sleep(0.002)
    raise RuntimeError("timed out waiting")


async def measure(urls: list[str], data: dict[str, Any], args: argparse.Namespace) -> None:
    """Connect everyone, run the phase changes and the edits, print the figures."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        moderator_cookie = await log_in(http, urls[0])
    phones = [
        Phone(
            urls[number % len(urls)],
            f"facilitator_device={device}",
            {"code": data["code"], "locale": "en" if number % 2 else "ru"},
        )
        for number, device in enumerate(data["devices"])
    ]
    started = time.perf_counter()
    for batch in range(0, len(phones), 25):
        await asyncio.gather(*(phone.connect() for phone in phones[batch : batch + 25]))
    print(f"  {len(phones)} phones connected and watching in {time.perf_counter() - started:.1f} s")
    projector = Phone(urls[-1], "", {"projector_token": data["token"]})
    await projector.connect()
    moderator = Phone(urls[0], moderator_cookie, {"session_id": data["session_id"]})
    await moderator.connect()

    delays, first = [], []
    items = data["items"]
    for change in range(args.changes):
        item = items[change % len(items)]
        for phone in phones:
            phone.received.clear()
        sent = time.perf_counter()
        ack = await moderator.client.call(
            "start_item",
            {"session_id": data["session_id"], "item_id": item},
            namespace="/live",
            timeout=30,
        )
        if not ack.get("ok"):
            raise RuntimeError(f"start_item refused: {ack}")
        expected = ack["now"]
        arrivals = []
        for phone in phones:
            arrivals.append(
                await wait_until(lambda phone=phone, expected=expected: phone.holds(expected))
            )
        partial = sum(len(phone.received) > 1 for phone in phones)
        if partial:
            print(f"  change {change + 1}: {partial} phones got more than one message")
        delays.append(max(arrivals) - sent)
        first.append(min(arrivals) - sent)
        await asyncio.sleep(args.pause)
    print(f"Phase changes ({args.changes}), each one whole `now` per phone:")
    figures("control → every phone holds the whole new state", delays)
    figures("control → the first phone holds it", first)

    # Group work: a member types into one section after another; the projector follows.
    ack = await moderator.client.call(
        "start_item",
        {"session_id": data["session_id"], "item_id": data["group_work_item"]},
        namespace="/live",
        timeout=30,
    )
    writer = socketio.AsyncClient(reconnection=False)
    await writer.connect(
        urls[0],
        headers={"Cookie": f"facilitator_device={data['writer']}"},
        namespaces=["/workspace"],
        transports=["websocket"],
        wait_timeout=PATIENCE_SECONDS,
    )
    joined = await writer.call(
        "join", {"group_id": data["group"]}, namespace="/workspace", timeout=30
    )
    keys = [s["key"] for s in joined["sections"] if s.get("kind", "text") == "text"]
    replica = Replica()
    if joined.get("update"):
        replica.apply(joined["update"])
    to_event, to_page = [], []
    async with aiohttp.ClientSession() as http:
        for edit, key in enumerate(keys[: args.edits]):
            projector.progress.clear()
            replica.type(key, f"Текст раздела {edit + 1}: наставничество и проекты.")
            sent = time.perf_counter()
            done = await writer.call(
                "update",
                {"group_id": data["group"], "update": replica.take()},
                namespace="/workspace",
                timeout=30,
            )
            if not done.get("ok"):
                raise RuntimeError(f"edit refused: {done}")

            def arrived(seq=done["seq"]):
                for at, payload in projector.progress:
                    value = payload["groups"].get(str(data["group"]))
                    if value and value["seq"] >= seq:
                        return at, value
                return None

            at, value = await wait_until(arrived)
            to_event.append(at - sent)
            await asyncio.sleep(PAGE_WAIT_SECONDS)
            async with http.get(f"{urls[-1]}/p/{data['token']}") as response:
                page = await response.text()
            shown = f"{value['filled']} из {value['total']}"
            if shown not in page:
                raise RuntimeError(f"the projector page does not show {shown!r}")
            to_page.append(time.perf_counter() - sent)
            await asyncio.sleep(args.pause)
    print(f"Edits that fill a section ({len(to_event)}):")
    figures("edit sent → projector's `progress` event", to_event)
    figures("edit sent → projector page shows the new figure", to_page)
    await writer.disconnect()
    for client in [moderator, projector, *phones]:
        await client.client.disconnect()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=100)
    parser.add_argument("--groups", type=int, default=5)
    parser.add_argument("--changes", type=int, default=20, help="phase changes to time")
    parser.add_argument("--edits", type=int, default=10, help="section-filling edits to time")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between two steps")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--async-mode", default="gevent")
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="facilitator-live-bench-"))
    instance = folder / "instance"
    database_url = args.database_url or f"sqlite:///{folder / 'live.db'}"
    data = seed(database_url, instance, args.phones, args.groups)
    env = {
        "DATABASE_URL": database_url,
        "FACILITATOR_INSTANCE_PATH": str(instance),
        "REDIS_URL": args.redis_url if args.processes > 1 else "",
        "FACILITATOR_SOCKETIO_CHANNEL": f"live-bench-{secrets.token_hex(4)}",
    }
    load = os.getloadavg()[0]
    print(
        f"{args.phones} phones, {args.processes} server process(es), {args.async_mode}, "
        f"{'SQLite' if args.database_url is None else 'given database'}; load {load:.1f}"
    )
    with ExitStack() as stack:
        servers = [
            stack.enter_context(
                running(free_port(), env, async_mode=args.async_mode, tmp_path=folder)
            )
            for _ in range(args.processes)
        ]
        asyncio.run(measure([server.base_url for server in servers], data, args))
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
