"""What the sessions package tells co-editing after a change that concerns open model pages.

Co-editing is built on the sessions package, not the other way round, so it is told through
signals it subscribes to. The change itself is committed first and is never undone: if
co-editing cannot follow, the error is logged and open pages catch up at their next join.
"""

from __future__ import annotations

import logging

from facilitator import signals
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)


def membership_ended(group_id: int, participant_id: int, still_in_session: bool = True) -> None:
    """A participant left the group (moved, or removed from the session)."""
    try:
        signals.membership_ended.send(
            group_id, participant_id=participant_id, still_in_session=still_in_session
        )
    except Exception:
        db.session.rollback()
        log.exception(
            "Co-editing could not follow participant %s out of group %s", participant_id, group_id
        )


def reading_closed(session: DesignSession) -> None:
    """The session stopped letting participants read other groups' models."""
    try:
        signals.reading_closed.send(session)
    except Exception:
        db.session.rollback()
        log.exception("Co-editing could not close reading in session %s", session.id)
