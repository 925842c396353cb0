"""Models' progress and the online count pushed to the projector and the moderators as they
change, coalesced per session.

Co-editing reports a group's progress whenever a section becomes filled or empty
(`group_changed`, from the process that committed the edit), and a phone entering or leaving
a model (`co_editors_changed`). Each process gathers what changed per session and sends one
`progress` (and one `counts`) event on /live at most every ``delay`` seconds: 500 edits a
second in a hall still make a handful of messages, and the first change of a quiet moment
reaches the screens within ``delay``. Processes behind one Redis queue each send what they
committed; every value carries the model's ``seq``, so a screen keeps the newest.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_app_context

from facilitator.extensions import db
from facilitator.live import broadcast
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)

#: Key of the coalescer in ``app.extensions``
EXTENSION = "facilitator_live_progress"
#: Longest a change waits for others to join it, in seconds
DELAY_SECONDS = 0.2


class ProgressPush:
    """Changed progress by session, sent in one message per session and delay."""

    def __init__(
        self,
        start_task: Callable[..., Any],
        sleep: Callable[[float], Any],
        send: Callable[[int, dict[str, dict[str, Any]]], None] = broadcast.progress,
        delay: float = DELAY_SECONDS,
    ) -> None:
        self._start_task = start_task
        self._sleep = sleep
        self._send = send
        self.delay = delay
        self._pending: dict[int, dict[str, dict[str, Any]]] = {}
        #: Sessions whose online count changed, with the app to count them in
        self._recount: dict[int, Flask] = {}
        #: The session of each group a co-editor entered through this process
        self._sessions_of: dict[int, int] = {}
        #: Sends started and not finished
        self._sending = 0
        self._lock = threading.Lock()

    @property
    def waiting(self) -> bool:
        """Whether a send has been started and not yet made."""
        with self._lock:
            return self._sending > 0

    def changed(self, session_id: int, group_id: int, progress: dict[str, Any], seq: int) -> None:
        """Note a group's new progress; the first change of a session starts its send."""
        value = {
            "filled": int(progress.get("filled", 0)),
            "total": int(progress.get("total", 0)),
            "seq": seq,
        }
        with self._lock:
            pending = self._pending.get(session_id)
            first = pending is None
            if first:
                pending = self._pending[session_id] = {}
                self._sending += 1
            known = pending.get(str(group_id))
            if known is None or known["seq"] <= seq:
                pending[str(group_id)] = value
        if first:
            self._start_task(self._send_later, session_id)

    def recount(
        self, app: Flask, session_id: int | None = None, group_id: int | None = None
    ) -> None:
        """Note that phones came or went: on the session's /live, or in a group's model (a
        group first named with its session; a phone leaving it later is found by the group)."""
        with self._lock:
            if group_id is not None and session_id is not None:
                self._sessions_of[group_id] = session_id
            elif group_id is not None:
                session_id = self._sessions_of.get(group_id)
            if session_id is None:
                return
            first = session_id not in self._pending
            if first:
                self._pending[session_id] = {}
                self._sending += 1
            self._recount[session_id] = app

        if first:
            self._start_task(self._send_later, session_id)

    def _send_later(self, session_id: int) -> None:
        try:
            self._sleep(self.delay)
            with self._lock:
                groups = self._pending.pop(session_id, None)
                app = self._recount.pop(session_id, None)
            if groups:
                self._send(session_id, groups)
            if app is not None:
                send_counts(app, session_id)
        finally:
            with self._lock:
                self._sending -= 1


def send_counts(app: Flask, session_id: int) -> None:
    """Count the session's people again and tell its screens and moderators."""
    from facilitator.live import dashboard

    with app.app_context():
        try:
            session = db.session.get(DesignSession, session_id)
            if session is not None:
                broadcast.counts(session_id, dashboard.counts(session))
        except Exception:
            log.exception("Could not count the people of session %s", session_id)
        finally:
            db.session.remove()


def _push() -> ProgressPush | None:
    """The app's progress push; None outside an app context or before init_live."""
    return current_app.extensions.get(EXTENSION) if has_app_context() else None


def group_changed(session_id: int, group_id: int, progress: dict[str, Any], seq: int) -> None:
    """Co-editing's report that a group's progress changed; never raises into the edit path."""
    push = _push()
    if push is None:
        return
    try:
        push.changed(session_id, group_id, progress, seq)
    except Exception:
        log.exception("Could not queue the progress of group %s", group_id)


def co_editors_changed(group_id: int, session_id: int | None = None) -> None:
    """Co-editing's report that a phone entered (with ``session_id``) or left a group's model."""
    push = _push()
    if push is None:
        return
    try:
        push.recount(current_app._get_current_object(), session_id, group_id)
    except Exception:
        log.exception("Could not queue the online count after group %s", group_id)


def watchers_changed(session_id: int) -> None:
    """A phone started or stopped following the session on /live, or someone was checked in at
    the door: count again, coalesced."""
    push = current_app.extensions.get(EXTENSION)
    if push is not None:
        push.recount(current_app._get_current_object(), session_id)
