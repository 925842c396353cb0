"""Live control of a running session: phases, timer, projector, moderator panel, following pages."""

from __future__ import annotations

from typing import Any

from flask import Flask

from facilitator.extensions import socketio
from facilitator.realtime import socketio_channel
from facilitator.realtime.presence import store_for

DEFAULTS: dict[str, Any] = {
    "LIVE_EVENT_RATE": 10.0,
    "LIVE_EVENT_BURST": 30,
}


def init_live(app: Flask) -> None:
    """Add the /live namespace and the record of who watches what (online counts shared)."""
    from facilitator.live import models, reveal  # noqa: F401  (the tables must be known)
    from facilitator.live.namespace import register_handlers
    from facilitator.live.progress_push import EXTENSION, ProgressPush
    from facilitator.live.state import forget_read
    from facilitator.live.subscriptions import subscribe
    from facilitator.live.watchers import ONLINE_KEY_PREFIX, Watchers

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    register_handlers(socketio)
    subscribe()
    # The live state rows a request read are not kept for the next one.
    app.teardown_request(forget_read)
    online = store_for(
        app.config["SOCKETIO_MESSAGE_QUEUE"],
        socketio_channel(app),
        socketio.start_background_task,
        ONLINE_KEY_PREFIX,
    )
    app.extensions["facilitator_live"] = Watchers(online)
    app.extensions[EXTENSION] = ProgressPush(socketio.start_background_task, socketio.sleep)
