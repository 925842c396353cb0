"""Token buckets that keep one connection from flooding the server."""

from __future__ import annotations

import time
from collections.abc import Callable


class TokenBucket:
    """Allow ``rate`` events a second on average and ``burst`` at once."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = float(burst)
        self.stamp = clock()
        #: Events refused so far
        self.refused = 0

    def take(self) -> bool:
        """Spend one token if there is one; tell whether the event may go ahead."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1 - 1e-9:  # float rounding must not cost a whole token
            self.refused += 1
            return False
        self.tokens -= 1
        return True


def worth_logging(refused: int) -> bool:
    """Whether a connection's refusal number ``refused`` is logged: the 1st, 10th, 100th, ...

    A flooding connection would otherwise write a line per event.
    """
    while refused >= 10 and refused % 10 == 0:
        refused //= 10
    return refused == 1
