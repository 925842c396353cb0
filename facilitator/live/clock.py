"""The session timer as a value: started, paused, extended, stopped, and what it shows."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from facilitator.live.models import TimerState

MINUTE_MS = 60_000
#: Longest timer a moderator may start: a whole day's session
MAX_MINUTES = 600
#: The timer's length when neither the moderator nor the agenda item says
DEFAULT_MINUTES = 10
ACTIONS = ("start", "pause", "resume", "add_minute", "stop")


class TimerError(ValueError):
    """The timer cannot do this in its current state."""


@dataclass(frozen=True)
class Timer:
    """A countdown as the server stores it; every change returns a new Timer."""

    state: TimerState = TimerState.stopped
    #: When a running timer reaches zero (ms since the epoch, server clock)
    ends_at_ms: int | None = None
    #: What is left of a paused timer
    remaining_ms: int = 0
    #: The length it was started with, added minutes included
    duration_ms: int = 0
    label: str = ""

    def remaining(self, now_ms: int) -> int:
        """Milliseconds left at ``now_ms``; never negative, 0 for a stopped timer."""
        if self.state == TimerState.running and self.ends_at_ms is not None:
            return max(0, self.ends_at_ms - now_ms)
        if self.state == TimerState.paused:
            return max(0, self.remaining_ms)
        return 0

    def is_up(self, now_ms: int) -> bool:
        """Whether a started timer has reached zero."""
        return self.state != TimerState.stopped and self.remaining(now_ms) == 0

    def start(self, duration_ms: int, now_ms: int, label: str = "") -> Timer:
        """Count down ``duration_ms`` from now, whatever the timer did before."""
        if duration_ms <= 0:
            raise TimerError("a timer needs a positive duration")
        return Timer(TimerState.running, now_ms + duration_ms, duration_ms, duration_ms, label)

    def pause(self, now_ms: int) -> Timer:
        """Freeze a running timer with what is left."""
        if self.state != TimerState.running:
            raise TimerError("only a running timer can be paused")
        return dataclasses.replace(
            self, state=TimerState.paused, ends_at_ms=None, remaining_ms=self.remaining(now_ms)
        )

    def resume(self, now_ms: int) -> Timer:
        """Run a paused timer on from what was left."""
        if self.state != TimerState.paused:
            raise TimerError("only a paused timer can be resumed")
        return dataclasses.replace(
            self, state=TimerState.running, ends_at_ms=now_ms + self.remaining_ms
        )

    def add(self, extra_ms: int, now_ms: int) -> Timer:
        """Give more time; a running timer whose time is up gets ``extra_ms`` from now."""
        if self.state == TimerState.running and self.ends_at_ms is not None:
            ends_at = max(self.ends_at_ms, now_ms) + extra_ms
            return dataclasses.replace(
                self, ends_at_ms=ends_at, duration_ms=self.duration_ms + extra_ms
            )
        if self.state == TimerState.paused:
            return dataclasses.replace(
                self,
                remaining_ms=self.remaining_ms + extra_ms,
                duration_ms=self.duration_ms + extra_ms,
            )
        raise TimerError("a stopped timer cannot get more time")

    def stop(self) -> Timer:
        """Stop and clear the timer."""
        return Timer()

    def payload(self, now_ms: int) -> dict[str, Any]:
        """The `timer` event of docs/live-protocol.md."""
        return {
            "state": self.state.value,
            "ends_at_ms": self.ends_at_ms if self.state == TimerState.running else None,
            "remaining_ms": self.remaining(now_ms),
            "duration_ms": self.duration_ms,
            "server_now_ms": now_ms,
            "label": self.label,
        }
