"""Column types the models share, each declared once as an ``Annotated`` SQLAlchemy type.

A model writes ``session_id: so.Mapped[SessionRef]`` instead of spelling out the foreign key, what
happens on delete and the index again. The declarative base (facilitator.extensions) adds the rest:
every datetime is stored with its time zone and every enum by member name in a VARCHAR.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, overload

import sqlalchemy as sa
import sqlalchemy.orm as so


def utcnow() -> dt.datetime:
    """Return the current time as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A stored datetime with its zone; the database keeps UTC (SQLite drops the zone)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def reference(
    target: str, *, ondelete: str | None = "CASCADE", **options: Any
) -> so.MappedColumn[Any]:
    """A column holding the id of a row elsewhere (``"table.column"``), by default gone with it."""
    return so.mapped_column(sa.ForeignKey(target, ondelete=ondelete), **options)


#: An integer primary key (SERIAL on PostgreSQL)
IntPk = Annotated[int, so.mapped_column(primary_key=True)]
#: Order within a list, from 0
Position = Annotated[int, so.mapped_column(default=0)]
#: A moment, by default the one the row was made at
Timestamp = Annotated[dt.datetime, so.mapped_column(default=utcnow)]
#: A moment that starts as the row's making and moves on with every change to the row
UpdatedTimestamp = Annotated[dt.datetime, so.mapped_column(default=utcnow, onupdate=utcnow)]

#: A person's name as it is printed
PersonName = Annotated[str, so.mapped_column(sa.String(200))]
#: An e-mail address (254 characters is the most SMTP carries)
Email = Annotated[str, so.mapped_column(sa.String(254))]
#: Free text that may stay empty
FreeText = Annotated[str, so.mapped_column(sa.Text, default="")]
#: Free text that may stay empty, added to a table that had rows: the database fills those in
AddedFreeText = Annotated[str, so.mapped_column(sa.Text, default="", server_default="")]

#: Belongs to a design session and goes with it
SessionRef = Annotated[int, reference("design_sessions.id", index=True)]
#: The one row a design session has of its kind, keyed by the session and gone with it
SessionKey = Annotated[int, reference("design_sessions.id", primary_key=True)]
#: Belongs to a participant and goes with them
ParticipantRef = Annotated[int, reference("participants.id", index=True)]
#: Belongs to a creative group and goes with it
GroupRef = Annotated[int, reference("creative_groups.id", index=True)]
#: Belongs to a moderator's account and goes with it
ModeratorRef = Annotated[int, reference("moderators.id", index=True)]
#: The moderator who did something; emptied, the row kept, when the account is removed
ActingModerator = Annotated[int | None, reference("moderators.id", ondelete="SET NULL")]


class SessionPart:
    """A row that belongs to a design session: its own id, then the session's."""

    # Negative sort orders put a mixin's columns first, in this order, as the tables have them.
    id: so.Mapped[IntPk] = so.mapped_column(sort_order=-3)
    session_id: so.Mapped[SessionRef] = so.mapped_column(sort_order=-2)


class SessionListItem(SessionPart):
    """An item of one of a design session's ordered lists (agenda, groups, logos, ...)."""

    position: so.Mapped[Position] = so.mapped_column(sort_order=-1)
