"""Typed model of what a running session shows: the current agenda item, presenter and timer."""

from __future__ import annotations

import enum

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitator.columns import SessionKey, UpdatedTimestamp, reference
from facilitator.extensions import db
from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession


class TimerState(enum.StrEnum):
    """Whether the session's timer counts down."""

    stopped = "stopped"
    running = "running"
    paused = "paused"


class LiveState(db.Model):
    """The live state of one design session; created on the first change, one row per session."""

    __tablename__ = "live_states"

    session_id: so.Mapped[SessionKey]
    #: The agenda item being run now; empty before the first one and after a jump by hand
    current_item_id: so.Mapped[int | None] = reference("agenda_items.id", ondelete="SET NULL")
    #: The group whose model the projector shows during presentations
    presenting_group_id: so.Mapped[int | None] = reference(
        "creative_groups.id", ondelete="SET NULL"
    )
    timer_state: so.Mapped[TimerState] = so.mapped_column(default=TimerState.stopped)
    #: When a running timer reaches zero, in milliseconds since the Unix epoch (server clock)
    timer_ends_at_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    #: What was left when the timer was paused
    timer_remaining_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    #: The length the timer was started with, minutes added included
    timer_duration_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    #: What the timer is for, e.g. the agenda item's title
    timer_label: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    updated_at: so.Mapped[UpdatedTimestamp]

    session: so.Mapped[DesignSession] = so.relationship()
    current_item: so.Mapped[AgendaItem | None] = so.relationship()
    presenting_group: so.Mapped[CreativeGroup | None] = so.relationship()

    def __repr__(self) -> str:
        return f"<LiveState session={self.session_id} timer={self.timer_state}>"
