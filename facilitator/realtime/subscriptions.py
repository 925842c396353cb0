"""What co-editing does when the sessions package announces a change (facilitator/signals.py)."""

from __future__ import annotations

from typing import Any

from facilitator import signals
from facilitator.realtime import service
from facilitator.sessions.models import DesignSession


def _membership_ended(
    group_id: int, *, participant_id: int, still_in_session: bool = True, **_: Any
) -> None:
    service.membership_ended(group_id, participant_id, still_in_session)


def _reading_closed(session: DesignSession, **_: Any) -> None:
    service.reading_closed(session)


def subscribe() -> None:
    """Follow the sessions package's announcements; connecting twice changes nothing."""
    signals.membership_ended.connect(_membership_ended, weak=False)
    signals.reading_closed.connect(_reading_closed, weak=False)
