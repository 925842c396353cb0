"""Long work on the event loop lets the other connections in every few milliseconds.

Under gevent or eventlet one process serves every socket from one loop: while a page renders,
no edit is relayed. Rendering the live dashboard or the progress board of a hundred groups
takes 10-30 ms of CPU, and longer when the machine is busy; that was the largest block the
editing path waited behind. Work that runs as a stream of small pieces pauses whenever a few
milliseconds have gone by, so an edit waits for at most one slice of it; other long steps (a
page's data before its template, a batch's snapshots after its broadcast) pause once between.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

import jinja2

#: Longest stretch of CPU between two pauses, in seconds
SLICE_SECONDS = 0.003
#: Pieces joined between two looks at the clock (reading it costs more than a piece)
PIECES_PER_LOOK = 32


def pause() -> None:
    """Let every other ready greenlet run once.

    The server monkey-patches ``time.sleep``, so under gevent or eventlet this is a switch to
    the loop; in threading mode it only lets another thread take the interpreter lock.
    """
    time.sleep(0)


def joined(
    pieces: Iterable[str],
    slice_seconds: float = SLICE_SECONDS,
    pause: Callable[[], None] = pause,
    clock: Callable[[], float] = time.perf_counter,
) -> str:
    """``"".join(pieces)``, pausing whenever ``slice_seconds`` have passed."""
    source = iter(pieces)
    parts: list[str] = []
    started = clock()
    # The pieces are taken in runs at C speed: a Python step per piece cost 5 % of a render.
    while run := list(islice(source, PIECES_PER_LOOK)):
        parts.extend(run)
        if clock() - started >= slice_seconds:
            pause()
            started = clock()
    return "".join(parts)


class CooperativeTemplate(jinja2.Template):
    """A template whose ``render`` pauses between slices of its output (see the module)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render to a string, as Jinja does, letting other greenlets run between slices."""
        # The view's own work since its last query (building the page's data) is a slice too.
        pause()
        context = self.new_context(dict(*args, **kwargs))
        try:
            return joined(self.root_render_func(context))
        except Exception:
            # Jinja rewrites the traceback to point at the template's line.
            self.environment.handle_exception()
