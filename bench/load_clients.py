"""Simulated participants for bench/load_bench.py: asyncio python-socketio clients in a worker.

load_bench.py starts one such worker per `--workers` as `python bench/load_clients.py` (a plain
process: the parent is a gevent program, and its monkey-patching must not reach these clients).
A worker owns whole groups, so an edit's sender and its receivers share one process and one
clock. It speaks JSON lines with the parent (stdin in, stdout out):

1. parent -> worker: the spec (URLs, groups and their devices, rate, presence period, options);
2. worker -> parent: ``{"ready": ...}`` once every participant connected and joined;
3. parent -> worker: the schedule (``start``, ``measure_from``, ``stop`` as ``time.monotonic()``
   values: CLOCK_MONOTONIC is system-wide on Linux, so the parent's clock is the workers');
4. worker -> parent: ``{"result": ...}`` once deliveries stopped arriving; then it disconnects
   its clients and exits.

Every participant is a `socketio.AsyncClient` (aiohttp websocket, device cookie) with a pycrdt
replica: it joins with its state vector, types a word every 1/R seconds and sends the Yjs v1
update, at most one in flight; every `presence_every` seconds on average it moves to another
section. Every wait is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.realtime.replica import Replica  # noqa: E402

NAMESPACE = "/workspace"
ACK_TIMEOUT = 10.0
CONNECT_TIMEOUT = 30.0
GRACE_SECONDS = 5.0
SETTLE_LIMIT = 120.0
SCHEDULE_WAIT = 600.0
WORDS = ("школа ", "партнёр ", "идея ", "цель ", "ресурс ", "plan ", "team ")


def own_cpu_seconds() -> float:
    """CPU seconds of this process, every thread included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Edit:
    """One update a participant sent, and what became of it."""

    group: int
    #: the sender's index in this worker
    sender: int
    sent_at: float
    measured: bool
    acked: bool = False
    #: indexes of the participants it reached
    receivers: set[int] = field(default_factory=set)


@dataclass
class Ledger:
    """Every edit this worker's participants sent, and the latencies of their deliveries."""

    edits: dict[str, Edit] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    ack_latencies: list[float] = field(default_factory=list)
    refused: dict[str, int] = field(default_factory=dict)
    deliveries: int = 0
    timeouts: int = 0
    presence_events: int = 0
    progress_events: int = 0
    late_ticks: int = 0

    def arrived(self, update: str, receiver: int) -> None:
        """A member received a broadcast update."""
        edit = self.edits.get(update)
        if edit is None:
            return
        self.deliveries += 1
        edit.receivers.add(receiver)
        if edit.measured:
            self.latencies.append(time.monotonic() - edit.sent_at)


class Participant:
    """One simulated browser tab: an asyncio python-socketio client with a pycrdt replica."""

    def __init__(
        self,
        ledger: Ledger,
        index: int,
        base_url: str,
        member_index: int,
        group_id: int,
        device_id: str,
        apply_remote: bool,
    ) -> None:
        self.ledger = ledger
        self.index = index
        self.base_url = base_url
        self.member_index = member_index
        self.group_id = group_id
        self.device_id = device_id
        self.apply_remote = apply_remote
        self.replica = Replica()
        self.sections: list[str] = []
        self.section = "idea"
        self.joined = False
        self.closing = False
        #: the server or the network ended the connection before the run did
        self.dropped = False
        self.sio = socketio.AsyncClient(reconnection=False, request_timeout=CONNECT_TIMEOUT)
        # plain functions: the async client calls them inline, without a task per message
        self.sio.on("update", self._on_update, namespace=NAMESPACE)
        self.sio.on("presence", self._on_presence, namespace=NAMESPACE)
        self.sio.on("progress", self._on_progress, namespace=NAMESPACE)
        self.sio.on("disconnect", self._on_disconnect, namespace=NAMESPACE)

    def _on_disconnect(self, reason: Any = None) -> None:
        if not self.closing:
            self.dropped = True

    def _on_update(self, payload: dict[str, Any]) -> None:
        self.ledger.arrived(payload["update"], self.index)
        if self.apply_remote:
            self.replica.apply(payload["update"])

    def _on_presence(self, payload: Any) -> None:
        self.ledger.presence_events += 1

    def _on_progress(self, payload: Any) -> None:
        self.ledger.progress_events += 1

    async def connect_and_join(self) -> None:
        """Open the websocket with the device cookie, join the group, pick a text section."""
        async with asyncio.timeout(3 * CONNECT_TIMEOUT):
            await self._connect_and_join()

    async def _connect_and_join(self) -> None:
        await self.sio.connect(
            self.base_url,
            namespaces=[NAMESPACE],
            transports=["websocket"],
            headers={"Cookie": f"facilitator_device={self.device_id}"},
            wait_timeout=CONNECT_TIMEOUT,
        )
        ack = await self.sio.call(
            "join",
            {"group_id": self.group_id, "state_vector": self.replica.state_vector()},
            namespace=NAMESPACE,
            timeout=CONNECT_TIMEOUT,
        )
        if not (ack and ack.get("ok")):
            raise RuntimeError(f"join refused: {ack}")
        if ack.get("update"):
            self.replica.apply(ack["update"])
        text_sections = [s["key"] for s in ack.get("sections") or () if s["kind"] == "text"]
        self.sections = text_sections or ["idea"]
        self.section = self.sections[self.member_index % len(self.sections)]
        self.joined = True

    async def type_for(
        self, rate: float, start: float, measure_from: float, stop: float, presence_every: float
    ) -> None:
        """Type at ``rate`` updates a second until ``stop``; one update in flight at most."""
        ledger = self.ledger
        period = 1.0 / rate
        rng = random.Random(self.device_id)
        tick = start + rng.uniform(0, period)
        next_presence = start + rng.uniform(0, presence_every)
        while tick < stop:
            await asyncio.sleep(max(0.0, tick - time.monotonic()))
            self.replica.type(self.section, rng.choice(WORDS))
            update = self.replica.take()
            sent_at = time.monotonic()
            edit = Edit(self.group_id, self.index, sent_at, measured=sent_at >= measure_from)
            ledger.edits[update] = edit
            try:
                ack = await self.sio.call(
                    "update",
                    {"group_id": self.group_id, "update": update},
                    namespace=NAMESPACE,
                    timeout=ACK_TIMEOUT,
                )
            except Exception:
                ledger.timeouts += 1
            else:
                if ack and ack.get("ok"):
                    edit.acked = True
                    if edit.measured:
                        ledger.ack_latencies.append(time.monotonic() - sent_at)
                else:
                    code = str((ack or {}).get("code", "none"))
                    ledger.refused[code] = ledger.refused.get(code, 0) + 1
            if time.monotonic() >= next_presence:
                self.section = rng.choice(self.sections)
                # a lost presence is not an edit: not counted
                with suppress(Exception):
                    await self.sio.call(
                        "presence",
                        {"group_id": self.group_id, "section": self.section},
                        namespace=NAMESPACE,
                        timeout=ACK_TIMEOUT,
                    )
                next_presence += presence_every
            tick += period
            if tick < time.monotonic():  # fell behind: skip ticks rather than burst
                ledger.late_ticks += 1
                tick = time.monotonic()

    async def close(self) -> None:
        """Disconnect."""
        self.closing = True
        with suppress(Exception):
            await asyncio.wait_for(self.sio.disconnect(), CONNECT_TIMEOUT)


async def bounded_all(coroutines: list[Any], size: int) -> list[BaseException | None]:
    """Await every coroutine, ``size`` at a time; return each one's exception or None."""
    gate = asyncio.Semaphore(size)

    async def guarded(coroutine: Any) -> BaseException | None:
        async with gate:
            try:
                await coroutine
            except Exception as error:
                return error
            return None

    return await asyncio.gather(*(guarded(c) for c in coroutines))


async def settle(ledger: Ledger) -> None:
    """Wait until deliveries stop arriving: a late delivery is slow, not lost."""
    deadline = time.monotonic() + SETTLE_LIMIT
    seen = -1
    while time.monotonic() < deadline and ledger.deliveries != seen:
        seen = ledger.deliveries
        await asyncio.sleep(GRACE_SECONDS)


def delivery_counts(ledger: Ledger, people: list[Participant]) -> dict[str, int]:
    """Acknowledged measured edits against the members who stayed connected: lost or not."""
    stayed: dict[int, set[int]] = {}
    for person in people:
        if person.joined and not person.dropped:
            stayed.setdefault(person.group_id, set()).add(person.index)
    sent = acked = expected = delivered = lost = 0
    for edit in ledger.edits.values():
        if not edit.measured:
            continue
        sent += 1
        if not edit.acked:
            continue
        acked += 1
        # the sender is a participant too: expect every other one who stayed connected
        wanted = stayed.get(edit.group, set())
        want = len(wanted) - (1 if edit.sender in wanted else 0)
        reached = len(edit.receivers & wanted)
        expected += want
        delivered += reached
        if reached < want:
            lost += 1
    return {
        "sent": sent,
        "acked": acked,
        "expected": expected,
        "delivered": delivered,
        "lost": lost,
    }


class Channel:
    """JSON lines to and from the parent."""

    def __init__(self, incoming: IO[str], outgoing: IO[str]) -> None:
        self.incoming = incoming
        self.outgoing = outgoing

    async def receive(self, timeout: float) -> dict[str, Any]:
        """The parent's next message; the parent's end closing ends the worker."""
        try:
            line = await asyncio.wait_for(asyncio.to_thread(self.incoming.readline), timeout)
        except TimeoutError:
            line = ""
        if not line:
            # the reading thread may still be blocked: leave without waiting for it
            print("load_clients: no word from the parent", file=sys.stderr, flush=True)
            os._exit(2)
        return json.loads(line)

    def send(self, message: dict[str, Any]) -> None:
        """One message to the parent."""
        self.outgoing.write(json.dumps(message, separators=(",", ":")) + "\n")
        self.outgoing.flush()


async def run(channel: Channel) -> None:
    """Connect this worker's participants, type on the parent's schedule, report."""
    spec = await channel.receive(SCHEDULE_WAIT)
    ledger = Ledger()
    people: list[Participant] = []
    urls: list[str] = spec["urls"]
    for group_id, devices in spec["groups"]:
        for member_index, device in enumerate(devices):
            url = urls[member_index % len(urls)]  # sticky: a member, a process
            people.append(
                Participant(ledger, len(people), url, member_index, group_id, device, spec["apply"])
            )
    began = time.monotonic()
    errors = await bounded_all([p.connect_and_join() for p in people], spec["connect_concurrency"])
    failed = [error for error in errors if error is not None]
    for error in failed[:3]:
        print(f"    failure: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
    channel.send(
        {
            "ready": {
                "joined": sum(p.joined for p in people),
                "failures": len(failed),
                "seconds": time.monotonic() - began,
            }
        }
    )

    schedule = await channel.receive(SCHEDULE_WAIT)
    start, measure_from, stop = schedule["start"], schedule["measure_from"], schedule["stop"]
    ready = [p for p in people if p.joined]
    typists = [
        asyncio.create_task(
            p.type_for(spec["rate"], start, measure_from, stop, spec["presence_every"])
        )
        for p in ready
    ]
    await asyncio.sleep(max(0.0, measure_from - time.monotonic()))
    cpu_before, window_began = own_cpu_seconds(), time.monotonic()
    await asyncio.sleep(max(0.0, stop - time.monotonic()))
    cpu_after, window = own_cpu_seconds(), time.monotonic() - window_began
    if typists:
        _done, pending = await asyncio.wait(typists, timeout=ACK_TIMEOUT + 5)
        for task in pending:
            task.cancel()
    await settle(ledger)

    counts = delivery_counts(ledger, ready)
    channel.send(
        {
            "result": {
                **counts,
                "latencies": [round(x, 6) for x in ledger.latencies],
                "ack_latencies": [round(x, 6) for x in ledger.ack_latencies],
                "refused": ledger.refused,
                "timeouts": ledger.timeouts,
                "presence_events": ledger.presence_events,
                "progress_events": ledger.progress_events,
                "late_ticks": ledger.late_ticks,
                "dropped": sum(p.dropped for p in ready),
                "cpu_seconds": cpu_after - cpu_before,
                "window": window,
            }
        }
    )
    await bounded_all([p.close() for p in people], spec["connect_concurrency"])


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Load benchmark worker (run by load_bench.py).")
    parser.add_argument("--loop", default="uvloop", choices=["uvloop", "asyncio"])
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    """Run one worker, speaking JSON lines on the standard streams."""
    args = parse_args(argv)
    # stdout carries the messages to the parent: anything else printed goes to stderr
    channel = Channel(sys.stdin, sys.stdout)
    sys.stdout = sys.stderr
    if args.loop == "uvloop":
        import uvloop

        uvloop.run(run(channel))
    else:
        asyncio.run(run(channel))


if __name__ == "__main__":
    main(sys.argv[1:])
