"""Error pages in the visitor's language."""

from __future__ import annotations

import datetime as dt
import math
import time

from flask import Flask, render_template, request
from flask_babel import format_time
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from facilitator.extensions import limiter

#: The API's error codes (its OpenAPI document lists them) for the statuses pages answer with
API_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    413: "too_large",
    429: "too_many_requests",
    500: "server_error",
}


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Bad request"),
            _("The request could not be understood. Reload the page and try again."),
        ),
        403: (_("Access denied"), _("You do not have access to this page.")),
        404: (_("Page not found"), _("There is no such page, or you do not have access to it.")),
        413: (_("File too large"), _("The file is too large. Choose a smaller one.")),
        429: (_("Too many requests"), _("Too many requests. Wait a minute and try again.")),
        500: (
            _("Something went wrong"),
            _("The server could not finish the request. Try again in a minute."),
        ),
    }


def render_error(status: int, message: str | None = None):
    """An HTML error page, or JSON for API and socket-adjacent requests."""
    title, default_message = _messages().get(status, _messages()[500])
    if request.path.startswith("/api/"):
        # The API's documented error body: a stable code for programs, a message for people.
        code = API_CODES.get(status, "server_error")
        return {"error": code, "message": message or default_message}, status
    if request.is_json or request.accept_mimetypes.best == "application/json":
        return {"error": title, "message": message or default_message}, status
    return render_template(
        "errors/error.html", title=title, message=message or default_message
    ), status


def _retry_at() -> int | None:
    """When the limit the request hit lets the address in again (epoch seconds), if known."""
    current = limiter.current_limit
    return int(current.reset_at) if current is not None and current.breached else None


def too_many_requests(error: RateLimitExceeded):
    """A 429 page that says why and from what time the visitor may try again."""
    retry_at = _retry_at()
    if retry_at is None:
        return render_error(429)
    wait = max(retry_at - int(time.time()), 1)
    when = format_time(dt.datetime.fromtimestamp(retry_at, dt.UTC), "short")
    # A limit without a message of its own describes itself as "5 per 1 minute": not for people.
    reason = str(error.description) if error.limit.error_message else _("Too many requests.")
    retry = _(
        "Try again after %(time)s (in %(minutes)s min).", time=when, minutes=math.ceil(wait / 60)
    )
    response = render_error(429, f"{reason} {retry}".strip())
    body, status = response
    return body, status, {"Retry-After": str(wait)}


def init_error_pages(app: Flask) -> None:
    """Register friendly pages for the common HTTP errors."""

    @app.errorhandler(CSRFError)
    def _csrf_failed(_error):
        return render_error(400, _("The form has expired. Reload the page and submit it again."))

    app.register_error_handler(RateLimitExceeded, too_many_requests)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400 or error.code in (401, 405):
            return error
        return render_error(error.code)

    if app.testing:
        return  # let tests see the real exception

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path, exc_info=error)
        return render_error(500)
