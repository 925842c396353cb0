"""How many of a session's rows there are, as subqueries, so one query can count several things."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def in_session(model: Any, session_id: Any, *conditions: Any) -> sa.ScalarSelect[int]:
    """``count(model.id)`` of the rows whose ``session_id`` is the given id or column and that
    meet the further conditions, if any."""
    return (
        sa.select(sa.func.count(model.id))
        .where(model.session_id == session_id, *conditions)
        .scalar_subquery()
    )
