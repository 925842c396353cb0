"""Real-time layer: Socket.IO namespaces, rooms and the shared-document engine."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from flask import Flask

from facilitator import socket_logins
from facilitator.extensions import socketio

DEFAULTS: dict[str, Any] = {
    "REALTIME_MAX_UPDATE_BYTES": 64 * 1024,
    "REALTIME_MAX_DOCUMENT_BYTES": 2 * 1024 * 1024,
    "REALTIME_UPDATE_RATE": 20.0,
    "REALTIME_UPDATE_BURST": 60,
    "REALTIME_EVENT_RATE": 10.0,
    "REALTIME_EVENT_BURST": 30,
    "REALTIME_COMPACT_EVERY": 200,
    "REALTIME_VERSION_INTERVAL_SECONDS": 300,
    "REALTIME_TEMPLATE_CACHE_SECONDS": 2.0,
    "REALTIME_RIGHTS_REUSE_SECONDS": 2.0,
    "REALTIME_BATCHES_AT_ONCE": 2,
    "REALTIME_SNAPSHOT_SMALL_BYTES": 32 * 1024,
    "REALTIME_SNAPSHOT_EVERY_SECONDS": 2.0,
}


@dataclass
class RealtimeState:
    """What the real-time layer keeps per app in this process."""

    documents: Any
    presence: Any
    connections: Any
    pipeline: Any


def init_realtime(app: Flask) -> None:
    """Bind Flask-SocketIO with the async mode and message queue from config; add /workspace."""
    from facilitator.realtime import (
        frames,
        models,  # noqa: F401  (the tables must be known)
    )
    from facilitator.realtime.connections import Connections
    from facilitator.realtime.live_document import DocumentCache
    from facilitator.realtime.namespace import register_handlers
    from facilitator.realtime.pipeline import UpdatePipeline
    from facilitator.realtime.presence import store_for
    from facilitator.realtime.socket_session import SocketEventSessionInterface
    from facilitator.realtime.subscriptions import subscribe

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    subscribe()
    socket_logins.subscribe()
    queue = app.config["SOCKETIO_MESSAGE_QUEUE"]
    channel = socketio_channel(app)
    # init_app keeps the previous app's queue manager unless told otherwise.
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=queue,
        channel=channel,
        cors_allowed_origins=app.config.get("SOCKETIO_CORS_ORIGINS") or None,
        logger=False,
        engineio_logger=False,
        # One connection's events are handled in order: a Yjs update may depend on the
        # previous one from the same client.
        async_handlers=False,
        # Undecodable frames are told apart from handlers' errors, counted and cut short.
        serializer=frames.CheckedPacket,
    )
    frames.install(socketio.server)
    register_handlers(socketio)
    app.session_interface = SocketEventSessionInterface()
    # Socket.IO requests never reach a view, but Flask matches the URL of every event's request
    # context. Without a rule the match fails, and the NotFound it keeps (with its traceback)
    # was a third of the cyclic garbage under editing load: collector pauses for everyone.
    transport = f"/{socketio.server_options.get('path', 'socket.io').strip('/')}/"
    app.add_url_rule(transport, endpoint="socketio_transport", view_func=_transport_only)
    app.add_url_rule(
        transport, endpoint="socketio_websocket", view_func=_transport_only, websocket=True
    )
    app.extensions[socket_logins.EXTENSION] = socket_logins.AccountSockets(
        store_for(queue, channel, socketio.start_background_task, socket_logins.KEY_PREFIX)
    )
    # SQLite has one writer at a time: its batches cannot overlap, and take one lock for all.
    on_sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    app.extensions["facilitator_realtime"] = RealtimeState(
        documents=DocumentCache(serialise_all=on_sqlite),
        presence=store_for(queue, channel, socketio.start_background_task),
        connections=Connections(),
        pipeline=UpdatePipeline(
            max_running=1 if on_sqlite else max(1, int(app.config["REALTIME_BATCHES_AT_ONCE"]))
        ),
    )


def socketio_channel(app: Flask) -> str:
    """The Redis channel of this deployment: deployments (and test runs) sharing one Redis
    keep apart by it, and so do their presence keys."""
    return app.config.get("SOCKETIO_CHANNEL") or os.environ.get(
        "FACILITATOR_SOCKETIO_CHANNEL", "flask-socketio"
    )


def _transport_only() -> Any:
    """The Socket.IO URL as a Flask view: reached only when the Socket.IO server is not there."""
    from flask import abort

    abort(404)
