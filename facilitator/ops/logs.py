"""Logs on stderr: readable text on a laptop, one JSON object per line for a log collector.

Every request gets an id: the incoming ``X-Request-ID`` when it is sane (bounded, safe
characters), a new one otherwise. It is echoed in the response header and carried by every log
line of the request, and by every line of the Socket.IO events of a connection (their request
context is the connection's handshake). One access line per request records what was asked
(the path without its query string, which may hold tokens), the answer, and how long it took.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
#: Where a request's id is kept: the WSGI environ, shared by a Socket.IO connection's events
ENVIRON_KEY = "facilitator.request_id"
#: What an incoming id may look like: a proxy's UUID, a trace id; no spaces, quotes or controls
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")
ACCESS_LOGGER = "facilitator.access"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: Record attributes of every LogRecord: whatever else a record has came from ``extra``
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}

log = logging.getLogger(ACCESS_LOGGER)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Adds the current request's (or Socket.IO connection's) id to each record, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Never drops a record."""
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


#: Loggers kept to warnings: geventwebsocket's own line per request (the access line says it
#: all, with the id) and fontTools' subsetting of the PDFs' fonts
QUIET = ("geventwebsocket.handler", "fontTools")


class _OurHandler(logging.StreamHandler):
    """The stderr handler this module installs, told apart from handlers others installed."""


def configure(log_format: str) -> None:
    """Log to stderr in the given format ("json" or "text"); leave others' handlers alone."""
    # fontTools writes some hundred INFO lines each time a PDF's fonts are subset.
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    root = logging.getLogger()
    ours = [handler for handler in root.handlers if isinstance(handler, _OurHandler)]
    if not ours and root.handlers:
        return  # someone (a test runner, an embedding program) set logging up already
    handler = ours[0] if ours else _OurHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
        handler.addFilter(RequestIdFilter())
    if not ours:
        root.addHandler(handler)
    if root.level in (logging.WARNING, logging.NOTSET):
        root.setLevel(logging.INFO)


@contextmanager
def kept() -> Iterator[None]:
    """Undo what a block does to the root logger (Alembic's env.py replaces its handlers)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def sane_request_id(value: str | None) -> str | None:
    """The incoming id when it is bounded and made of safe characters, else None."""
    if value and SANE_ID.fullmatch(value):
        return value
    return None


def current_request_id() -> str | None:
    """The id of the request (or Socket.IO connection) being handled, made on first use."""
    if not has_request_context():
        return None
    environ = request.environ
    found = environ.get(ENVIRON_KEY)
    if found is None:
        found = sane_request_id(environ.get("HTTP_X_REQUEST_ID")) or uuid.uuid4().hex
        environ[ENVIRON_KEY] = found
    return found


def init_app(app: Flask) -> None:
    """Give each request an id, echo it, and write the access line when asked to."""
    app.before_request(_started)
    app.after_request(_finished)


def _started() -> None:
    g.log_started = time.perf_counter()
    current_request_id()


def _finished(response: Response) -> Response:
    request_id = current_request_id()
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("log_started")
    if started is not None and _access_log_on():
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        log.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "remote_addr": request.remote_addr,
                "user_id": _user_id(),
                "request_id": request_id,
            },
        )
    return response


def _access_log_on() -> bool:
    return bool(current_app.config.get("ACCESS_LOG"))


def _user_id() -> str | None:
    """The signed-in moderator's id, if this request loaded one (no extra query for it)."""
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return str(user.id)
