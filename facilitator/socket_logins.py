"""Moderators' open Socket.IO connections, ended as soon as their login is.

A logout, a password change or "log out everywhere" announces ``signals.logins_revoked``;
every connection the account opened, on either namespace and in any server process, is then
disconnected. Processes sharing a Redis message queue list the connections in Redis (the store
is built like co-editing presence) and Socket.IO's queue carries the disconnect to the process
that holds it. Each event of a moderator's connection also checks that its login is still
current, so a missed announcement cannot keep one open.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol

from flask import current_app, g, request
from flask_login import current_user

from facilitator import signals
from facilitator.extensions import socketio

log = logging.getLogger(__name__)

EXTENSION = "facilitator_socket_logins"
#: Key prefix of the moderators' connections in Redis (apart from presence and online counts)
KEY_PREFIX = "facilitator:logins"


class ConnectionStore(Protocol):
    """Entries by account and connection, shared by the processes (realtime.presence)."""

    def put(self, group_id: int, sid: str, entry: dict[str, Any]) -> None:
        """Add or replace one connection's entry."""

    def drop(self, group_id: int, sid: str) -> None:
        """Remove one connection's entry."""

    def connections(self, group_id: int) -> dict[str, dict[str, Any]]:
        """Every connection's entry by sid."""


class AccountSockets:
    """The connections moderators opened: this process's by sid, every process's by account."""

    def __init__(self, store: ConnectionStore) -> None:
        self.store = store
        self._local: dict[str, int] = {}
        self._lock = threading.Lock()

    def opened(self, sid: str, namespace: str, moderator_id: int) -> None:
        """Note a connection a logged-in moderator opened."""
        with self._lock:
            self._local[sid] = moderator_id
        self.store.put(moderator_id, sid, {"kind": "moderator", "namespace": namespace})

    def closed(self, sid: str) -> None:
        """Forget a connection that went away."""
        with self._lock:
            moderator_id = self._local.pop(sid, None)
        if moderator_id is not None:
            self.store.drop(moderator_id, sid)

    def moderator_of(self, sid: str) -> int | None:
        """The account that opened a connection of this process, if a moderator's."""
        with self._lock:
            return self._local.get(sid)

    def end_all(self, moderator_id: int) -> int:
        """Disconnect every connection of the account, in any process; return how many."""
        found = self.store.connections(moderator_id)
        for sid, item in found.items():
            socketio.server.disconnect(sid, namespace=item["namespace"])
            self.store.drop(moderator_id, sid)
        return len(found)


def _sockets() -> AccountSockets | None:
    return current_app.extensions.get(EXTENSION)


def _reload_login() -> Any:
    # Flask-Login keeps the user in `g`, which an app context outliving one event would carry
    # into the next one, of another connection; loading it again checks the login's token.
    g.pop("_login_user", None)
    return current_user


def connection_opened(namespace: str) -> None:
    """On connecting: remember the connection if a logged-in moderator opened it."""
    sockets = _sockets()
    user = _reload_login()
    if sockets is not None and user.is_authenticated:
        sockets.opened(request.sid, namespace, user.id)


def connection_closed() -> None:
    """On going away: forget the connection."""
    sockets = _sockets()
    if sockets is not None:
        sockets.closed(request.sid)


def login_still_current() -> bool:
    """Before each event: False when the connection is a moderator's whose login has ended
    (it is then disconnected); the login is read again either way."""
    user = _reload_login()
    sockets = _sockets()
    moderator_id = sockets.moderator_of(request.sid) if sockets is not None else None
    if moderator_id is None or (user.is_authenticated and user.id == moderator_id):
        return True
    log.info("Login of moderator %s ended: connection %s closed", moderator_id, request.sid)
    socketio.server.disconnect(request.sid, namespace=request.namespace)
    return False


def _logins_revoked(moderator_id: int, **_: Any) -> None:
    sockets = _sockets()
    if sockets is not None:
        ended = sockets.end_all(moderator_id)
        log.info("Logins of moderator %s ended: %s connection(s) closed", moderator_id, ended)


def subscribe() -> None:
    """Follow the accounts' announcements; connecting twice changes nothing."""
    signals.logins_revoked.connect(_logins_revoked, weak=False)
