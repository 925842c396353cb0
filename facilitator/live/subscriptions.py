"""What live control does when other features announce a change (see facilitator/signals.py)."""

from __future__ import annotations

from typing import Any

from facilitator import signals
from facilitator.live import broadcast, progress_push
from facilitator.sessions.models import DesignSession


def _session_activity(
    session_id: int, *, event: str, payload: dict[str, Any], **options: Any
) -> None:
    broadcast.notify_session(session_id, event, payload, **options)


def _attendance_changed(session_id: int, **_: Any) -> None:
    # The hall's counts are of people who came: a check-in makes a pre-registered person one.
    progress_push.watchers_changed(session_id)


def _session_state_changed(session: DesignSession, **_: Any) -> None:
    broadcast.now(session)


def _group_progress_changed(
    session_id: int, *, group_id: int, progress: dict[str, Any], seq: int, **_: Any
) -> None:
    progress_push.group_changed(session_id, group_id, progress, seq)


def _co_editors_changed(group_id: int, *, session_id: int | None = None, **_: Any) -> None:
    progress_push.co_editors_changed(group_id, session_id)


def subscribe() -> None:
    """Follow the other features' announcements; connecting twice changes nothing."""
    signals.session_activity.connect(_session_activity, weak=False)
    signals.session_state_changed.connect(_session_state_changed, weak=False)
    signals.group_progress_changed.connect(_group_progress_changed, weak=False)
    signals.co_editors_changed.connect(_co_editors_changed, weak=False)
    signals.attendance_changed.connect(_attendance_changed, weak=False)
