"""A reconnect storm against a real server: many phones re-join at one instant while others type.

Shared by tests/realtime/test_reconnect_storm.py (which asserts that every join and every
acknowledgement succeeds) and bench/storm_bench.py (which prints how long they took). The
clients are asyncio python-socketio clients in one event loop, so hundreds of them start their
`join` within a millisecond of each other, as phones do when the venue's Wi-Fi comes back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import time
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import socketio

from tests.realtime.replica import Replica, unb64

NAMESPACE = "/workspace"
#: Long enough to see a 30-second freeze as slow rather than lost
CALL_TIMEOUT = 90.0
CONNECT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Hall:
    """A seeded session: its groups and, per group, the members' device ids."""

    session_id: int
    groups: list[int]
    devices: dict[int, list[str]]


def seed_hall(group_sizes: list[int]) -> Hall:
    """A moderator's session in group work with groups of the given sizes (in the current app)."""
    from facilitator.accounts.models import Moderator
    from facilitator.extensions import db
    from facilitator.sessions.codes import new_join_code, new_projector_token
    from facilitator.sessions.model_templates import give_session_template
    from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

    moderator = Moderator(email=f"storm-{secrets.token_hex(4)}@example.org", full_name="Мария")
    moderator.set_password(secrets.token_urlsafe(12))
    session = DesignSession(
        title="Стратегическая сессия",
        date=dt.date(2023, 3, 27),
        starts_at=dt.time(11, 0),
        owner=moderator,
        join_code=new_join_code(),
        projector_token=new_projector_token(),
        phase="group_work",
    )
    groups = []
    for position, size in enumerate(group_sizes):
        group = CreativeGroup(name=f"Группа {position + 1}", position=position, capacity=size)
        session.groups.append(group)
        groups.append((group, size))
    give_session_template(session)
    people = [
        Participant(
            session=session,
            group=group,
            device_id=secrets.token_urlsafe(24),
            full_name=f"Участник {number + 1}",
            organisation="ГБОУ СОШ № 496",
            position="учитель",
            city="Московский район",
            consented_at=dt.datetime.now(dt.UTC),
        )
        for group, size in groups
        for number in range(size)
    ]
    db.session.add_all([moderator, session, *people])
    db.session.commit()
    devices: dict[int, list[str]] = {}
    for person in people:
        devices.setdefault(person.group_id, []).append(person.device_id)
    return Hall(session.id, [group.id for group, _ in groups], devices)


@dataclass
class Outcome:
    """What a storm round did: each join's and each typed update's time, and every failure."""

    joins: list[float] = field(default_factory=list)
    #: From the storm's start to each phone's join acknowledgement (reconnect included)
    rejoins: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def slowest_join(self) -> float:
        """Seconds of the slowest `join` (0 when none ran)."""
        return max(self.joins, default=0.0)

    @property
    def slowest_ack(self) -> float:
        """Seconds of the slowest acknowledgement of a typed update."""
        return max(self.acks, default=0.0)


class Phone:
    """One browser tab: an asyncio Socket.IO client with a pycrdt replica of its group's model."""

    def __init__(self, base_url: str, group_id: int, device_id: str) -> None:
        self.base_url = base_url
        self.group_id = group_id
        self.device_id = device_id
        self.replica = Replica()
        self.sio = self._socket()

    def _socket(self) -> socketio.AsyncClient:
        sio = socketio.AsyncClient(reconnection=False, request_timeout=CONNECT_TIMEOUT)
        sio.on("update", self._on_update, namespace=NAMESPACE)
        return sio

    def _on_update(self, payload: dict[str, Any]) -> None:
        self.replica.apply(payload["update"])

    async def connect(self) -> None:
        """Open a new websocket with the device cookie (dropping the old one, if any)."""
        if self.sio.connected:
            await self.drop()
        self.sio = self._socket()
        await self.sio.connect(
            self.base_url,
            namespaces=[NAMESPACE],
            transports=["websocket"],
            headers={"Cookie": f"facilitator_device={self.device_id}"},
            wait_timeout=CONNECT_TIMEOUT,
        )

    async def join(self) -> dict[str, Any]:
        """Send `join` with the replica's state vector; apply what comes back."""
        ack = await self.sio.call(
            "join",
            {"group_id": self.group_id, "state_vector": self.replica.state_vector()},
            namespace=NAMESPACE,
            timeout=CALL_TIMEOUT,
        )
        if ack and ack.get("ok"):
            self.replica.apply(ack["update"])
        return ack

    async def type(self, text: str) -> dict[str, Any]:
        """Type at the end of the idea section and send the update; return the acknowledgement."""
        self.replica.type("idea", text)
        update = self.replica.take()
        ack = None
        try:
            ack = await self.sio.call(
                "update",
                {"group_id": self.group_id, "update": update},
                namespace=NAMESPACE,
                timeout=CALL_TIMEOUT,
            )
        finally:
            if not (ack and ack.get("ok")):
                # as the page does: what was not acknowledged goes out again with the next edit
                self.replica.pending.insert(0, unb64(update))
        return ack

    def text(self) -> str:
        """The idea section as this phone shows it."""
        return str(self.replica.text("idea"))

    async def drop(self) -> None:
        """Close the connection (the Wi-Fi went)."""
        with suppress(Exception):
            await asyncio.wait_for(self.sio.disconnect(), CONNECT_TIMEOUT)


async def gather_limited(coroutines: list[Any], at_once: int = 50) -> list[Any]:
    """Await the coroutines, ``at_once`` at a time; exceptions are returned, not raised."""
    gate = asyncio.Semaphore(at_once)

    async def guarded(coroutine: Any) -> Any:
        async with gate:
            try:
                return await coroutine
            except Exception as error:
                return error

    return await asyncio.gather(*(guarded(coroutine) for coroutine in coroutines))


async def connect_and_join(phones: list[Phone]) -> list[str]:
    """Bring phones online (not at once); the failures, described."""

    async def one(phone: Phone) -> None:
        await phone.connect()
        ack = await phone.join()
        if not (ack and ack.get("ok")):
            raise RuntimeError(f"join refused: {ack}")

    results = await gather_limited([one(phone) for phone in phones], at_once=20)
    return [f"warm-up: {result!r}" for result in results if isinstance(result, Exception)]


async def keep_typing(typist: Phone, stop: asyncio.Event, outcome: Outcome, every: float) -> None:
    """Type a character every ``every`` seconds until ``stop``; record each ack's time."""
    count = 0
    while not stop.is_set():
        count += 1
        started = time.monotonic()
        try:
            ack = await typist.type(f"{count % 10}")
        except Exception as error:
            outcome.failures.append(f"typist of group {typist.group_id}: {error!r}")
        else:
            if ack and ack.get("ok"):
                outcome.acks.append(time.monotonic() - started)
            else:
                outcome.failures.append(f"typist of group {typist.group_id}: {ack}")
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max(0.0, every - (time.monotonic() - started)))


async def storm(
    phones: list[Phone],
    typists: list[Phone],
    *,
    reconnect: bool = True,
    drop_after: bool = False,
    type_every: float = 0.1,
    lead_in: float = 0.5,
) -> Outcome:
    """Every phone re-joins at one instant while the typists type; what happened.

    With ``reconnect`` each phone first drops its connection and opens a new one (all at
    once), as after a Wi-Fi blink; without, it sends `join` again on its open connection.
    With ``drop_after`` each phone disconnects as soon as its join is answered.
    """
    outcome = Outcome()
    stop = asyncio.Event()
    typing = [
        asyncio.create_task(keep_typing(typist, stop, outcome, type_every)) for typist in typists
    ]
    await asyncio.sleep(lead_in)
    if reconnect:
        await asyncio.gather(*(phone.drop() for phone in phones))
    start = time.monotonic()

    async def rejoin(phone: Phone) -> None:
        try:
            if reconnect:
                await phone.connect()
            sent = time.monotonic()
            ack = await phone.join()
        except Exception as error:
            outcome.failures.append(f"join to group {phone.group_id}: {error!r}")
            return
        now = time.monotonic()
        if ack and ack.get("ok"):
            outcome.joins.append(now - sent)
            outcome.rejoins.append(now - start)
        else:
            outcome.failures.append(f"join to group {phone.group_id}: {ack}")
        if drop_after:
            await phone.drop()

    await asyncio.gather(*(rejoin(phone) for phone in phones))
    await asyncio.sleep(lead_in)
    stop.set()
    await asyncio.gather(*typing)
    return outcome


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]
