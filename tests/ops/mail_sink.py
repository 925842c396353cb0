"""A slow SMTP sink in the test process: a server process mails to it while the test stops it."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from tests.live_server import free_port


@dataclass
class SlowSink:
    """Accepts every message after a pause, and counts each recipient address it accepted."""

    delay: float = 0.15
    received: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        with self.lock:
            self.received.update(address.lower() for address in envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        """Messages accepted so far."""
        with self.lock:
            return sum(self.received.values())


@contextmanager
def running_sink(delay: float = 0.15) -> Iterator[tuple[SlowSink, int]]:
    """A started sink and its port on 127.0.0.1, stopped afterwards."""
    sink = SlowSink(delay=delay)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
