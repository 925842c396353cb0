"""Counting the SQL statements a piece of code runs, to pin how often a page asks the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from facilitator.extensions import db


@contextmanager
def statements() -> Iterator[list[str]]:
    """Collect the SQL of every statement sent to the database inside the ``with`` block."""
    seen: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(" ".join(statement.split()))

    sa.event.listen(db.engine, "before_cursor_execute", spy)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", spy)


def reading(seen: list[str], table: str) -> list[str]:
    """The statements that read from ``table``."""
    return [statement for statement in seen if f"FROM {table}" in statement]
