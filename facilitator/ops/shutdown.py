"""A graceful stop on SIGTERM (systemd, docker, the upgrade procedure) for gevent and eventlet.

In order: stop accepting connections; let features suspend their work (a mailing pauses after
the message under way, and the next start sends the rest); let the co-editing batches under way
commit and acknowledge; then close the remaining connections (browsers reconnect to another
process, or to this one once restarted) and leave ``socketio.run``, so the process exits 0.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from typing import Any

from flask import Flask

from facilitator import signals
from facilitator.extensions import socketio

log = logging.getLogger(__name__)

#: Seconds the remaining connections get to close once the work is done
CLOSE_SECONDS = 2.0
#: Where serve_eventlet keeps its listening socket
LISTENER = "facilitator_listener"


def install(app: Flask) -> bool:
    """Handle SIGTERM gracefully in the app's async mode; whether it could (not threading)."""
    mode = app.config["ASYNC_MODE"]
    if mode == "gevent":
        import gevent

        gevent.signal_handler(signal.SIGTERM, _spawn_once, app)
        return True
    if mode == "eventlet":
        import eventlet

        # A Python signal handler alone would wait for the hub's next event to run its green
        # thread (minutes, on an idle server): the wake-up pipe is such an event.
        reader, writer = os.pipe()
        os.set_blocking(reader, False)
        os.set_blocking(writer, False)
        signal.signal(signal.SIGTERM, lambda *_: None)
        signal.set_wakeup_fd(writer)
        eventlet.spawn_n(_watch_wakeups, app, reader)
        return True
    return False


def _watch_wakeups(app: Flask, reader: int) -> None:
    from eventlet.hubs import trampoline

    while True:
        trampoline(reader, read=True)
        try:
            received = os.read(reader, 64)
        except BlockingIOError:
            continue
        if signal.SIGTERM in received:
            _spawn_once(app)


def serve_eventlet(app: Flask, host: str, port: int) -> None:
    """Serve as ``socketio.run`` does under eventlet, keeping the listener for stop() to close."""
    import eventlet
    import eventlet.green.socket
    import eventlet.wsgi

    family, *_, address = eventlet.green.socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(address, family)
    app.extensions[LISTENER] = listener
    eventlet.wsgi.server(listener, app, log_output=False)


_started = False


def _spawn_once(app: Flask) -> None:
    global _started
    if _started:
        return  # a second SIGTERM while stopping: already on it
    _started = True
    socketio.start_background_task(stop, app)


def stop(app: Flask) -> None:
    """Stop accepting, suspend work, let batches finish, then end the server loop."""
    grace = float(app.config.get("SHUTDOWN_GRACE_SECONDS") or 20)
    deadline = time.monotonic() + grace
    log.info("SIGTERM: stopping; up to %.0f s for the work under way", grace)
    server = getattr(socketio, "wsgi_server", None)  # gevent's pywsgi server
    if server is not None:
        # New connections are refused from now on; close() would also end the serving loop,
        # and with it the process, before the work under way is done.
        server.stop_accepting()
        server.socket.close()
    elif app.extensions.get(LISTENER) is not None:
        app.extensions[LISTENER].close()
    signals.shutting_down.send(app)
    if not wait_for_batches(app, max(0.0, deadline - time.monotonic())):
        log.warning("SIGTERM: co-editing batches still running; their senders will resend")
    log.info("SIGTERM: work done, closing connections")
    if server is not None:
        server.stop(timeout=CLOSE_SECONDS)
    else:
        # eventlet's server loop has no handle to stop it by: everything worth waiting
        # for is done and committed, so leave at once.
        logging.shutdown()
        os._exit(0)


def wait_for_batches(app: Flask, seconds: float) -> bool:
    """Wait until the co-editing pipeline has nothing queued or running; whether it got there."""
    state: Any = app.extensions.get("facilitator_realtime")
    pipeline = getattr(state, "pipeline", None)
    if pipeline is None:
        return True
    deadline = time.monotonic() + seconds
    while not pipeline.idle():
        if time.monotonic() > deadline:
            return False
        socketio.sleep(0.02)
    return True
