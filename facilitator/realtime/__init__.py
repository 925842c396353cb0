"""Real-time layer: Socket.IO namespaces, rooms and the shared-document engine."""

from __future__ import annotations

from flask import Flask

from facilitator.extensions import socketio


def init_realtime(app: Flask) -> None:
    """Bind Flask-SocketIO with the async mode and message queue from config."""
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        cors_allowed_origins=app.config.get("SOCKETIO_CORS_ORIGINS") or None,
        logger=False,
        engineio_logger=False,
    )
