"""Database engine tuning that SQLAlchemy leaves to the application."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from facilitator.extensions import db

_T = TypeVar("_T")
_M = TypeVar("_M")

#: The largest value of a PostgreSQL ``integer`` column, which every id of the app is
MAX_ID = 2**31 - 1
_ID_DIGITS = len(str(MAX_ID))


def as_id(value: Any) -> int | None:
    """A value from a form, JSON or a socket event as an id the database can hold, else None.

    PostgreSQL refuses to compare an ``integer`` column with a larger number, and int() takes
    other scripts' digits and refuses very long strings, so only a few ASCII digits pass.
    """
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if text.isascii() and text.isdigit() and len(text) <= _ID_DIGITS else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_ID else None


def count_by(key: Any, *conditions: Any) -> dict[Any, int]:
    """How many rows meet the conditions, per value of ``key``, counted in the database."""
    rows = db.session.execute(sa.select(key, sa.func.count()).where(*conditions).group_by(key))
    return dict(rows.all())  # type: ignore[arg-type]


def listed(statement: sa.Select[tuple[_T]]) -> list[_T]:
    """The entities a select statement finds, in its order, as a list."""
    return list(db.session.scalars(statement))


def assign(row: object, values: Mapping[str, Any]) -> None:
    """Set the row's attributes from the values, by name."""
    for name, value in values.items():
        setattr(row, name, value)


def with_defaults(model: type[_M], **values: Any) -> _M:
    """A new row of the model, not added, with each column's constant default where not given.

    SQLAlchemy applies column defaults only on insert; a row shown before it is stored needs them.
    """
    for attribute in sa.inspect(model).column_attrs:
        default = attribute.columns[0].default
        if attribute.key not in values and default is not None and default.is_scalar:
            values[attribute.key] = default.arg
    return model(**values)


def init_sqlite_pragmas(app: Flask) -> None:
    """Turn on WAL, foreign keys and a busy timeout for every SQLite connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine: Engine = db.engine

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if ":memory:" not in str(engine.url) and engine.url.database:
            # WAL lets the projector and phones read while a group writes.
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
