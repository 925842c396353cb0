"""The reveal of the voting results: a moment the moderator gives the hall's screen.

The projector shows how many voted while the vote runs; the results appear, animated, only
when a moderator reveals them, and stay on the screen (through reloads) until the moderator
hides them or the session moves to another phase.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.columns import utcnow
from facilitator.extensions import db
from facilitator.live import errors, sources
from facilitator.live.protocol import LiveRequest
from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import Phase

log = logging.getLogger(__name__)

#: Phases in which the results may be revealed: the vote and what comes after it
REVEAL_PHASES = (Phase.voting, Phase.survey, Phase.closed)
EVENT = "reveal"


class ResultsReveal(db.Model):
    """The results shown on the projector of one session; a row while they are revealed."""

    __tablename__ = "results_reveals"

    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("design_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    #: The phase they were revealed in: the screen goes back to phases once the session moves on
    phase: so.Mapped[Phase] = so.mapped_column(sa.Enum(Phase, native_enum=False, length=32))
    revealed_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow
    )
    revealed_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("moderators.id", ondelete="SET NULL")
    )


@dataclass(frozen=True)
class RevealRequest(LiveRequest):
    """`reveal_results`: show (or hide) the voting results on the projector."""

    session_id: int
    show: bool = True

    @classmethod
    def read(cls, payload: dict[str, Any]) -> RevealRequest:
        """Whether to show, then the session."""
        show = payload.get("show", True)
        if isinstance(show, str):
            show = show not in ("0", "false", "")
        if not isinstance(show, bool):
            raise errors.bad_request("show must be true or false")
        return cls(cls.id(payload.get("session_id"), "session_id"), show)


def _row(session: DesignSession) -> ResultsReveal | None:
    return db.session.get(ResultsReveal, session.id, populate_existing=True)


def is_revealed(session: DesignSession) -> bool:
    """Whether the projector shows the results now."""
    row = _row(session)
    return row is not None and row.phase == session.phase and session.phase in REVEAL_PHASES


def reveal(session: DesignSession, moderator: Moderator, show: bool = True) -> bool:
    """Reveal the results on the projector (or hide them again); refused when there are none."""
    if show:
        if session.phase not in REVEAL_PHASES:
            raise errors.refused(
                _("The results can be revealed from the voting phase on."), "not voting yet"
            )
        results = sources.voting_results(session)
        if results is None or not results.lines or not results.voters:
            raise errors.refused(_("Nobody has voted yet: there is nothing to reveal."), "no votes")
    row = _row(session)
    if show:
        if row is None:
            row = ResultsReveal(session_id=session.id)
            db.session.add(row)
        row.phase = session.phase
        row.revealed_at = utcnow()
        row.revealed_by_id = moderator.id
    elif row is not None:
        db.session.delete(row)
    db.session.commit()
    log.info(
        "Voting results of session %s %s on the projector by %s",
        session.id,
        "revealed" if show else "hidden",
        moderator.email,
    )
    from facilitator.live.broadcast import notify_session

    notify_session(session.id, EVENT, {"shown": show})
    return show
