"""The lock order of co-editing: a group's lock first, a pooled database connection second.

Two things are waited for on the editing path: a group's lock in this process (it guards the
cached document, `documents.DocumentCache.lock`) and a connection from the database pool
(`FACILITATOR_DB_POOL_SIZE`). Whoever waits for a group's lock holds no pooled connection:
`holding` ends the session's transaction, which gives its connection back, before it waits.
Whoever holds a group's lock may then take a connection: every connection is held by someone
who waits for no lock, so it comes back. Several groups' locks are taken in group order.

With the opposite order allowed too, a reconnect storm froze a process: each `join` held the
connection of its authorization while it waited for its group's lock, and the update batch
holding that lock waited for a connection, until the pool's 30-second timeout.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager

from flask import current_app

from facilitator.extensions import db


def release_connection() -> None:
    """End the session's transaction, if one is open, so its connection goes back to the pool.

    The transaction is committed (a read-only one commits nothing), and ORM objects loaded in it
    expire: read what is needed from them first, or they are loaded again, connection and all.
    """
    if db.session().in_transaction():
        db.session.commit()


@contextmanager
def holding(group_ids: Iterable[int]) -> Iterator[None]:
    """Hold the groups' locks, in group order, taken with no pooled connection in hand.

    Also ends any transaction begun before: the reads under the locks see the latest commits.
    """
    release_connection()
    documents = current_app.extensions["facilitator_realtime"].documents
    with ExitStack() as held:
        for lock in documents.locks_for(sorted(set(group_ids))):
            held.enter_context(lock)
        yield
