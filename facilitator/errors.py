"""Error pages in the visitor's language."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


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
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": title, "message": message or default_message}, status
    return render_template(
        "errors/error.html", title=title, message=message or default_message
    ), status


def init_error_pages(app: Flask) -> None:
    """Register friendly pages for the common HTTP errors."""

    @app.errorhandler(CSRFError)
    def _csrf_failed(_error):
        return render_error(400, _("The form has expired. Reload the page and submit it again."))

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
