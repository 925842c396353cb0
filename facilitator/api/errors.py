"""Errors of the JSON API: a code for programs, a message for people."""

from __future__ import annotations

from flask import Response, jsonify
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

#: Error codes by HTTP status, for the errors the API does not raise itself
HTTP_CODES = {
    400: "bad_request",
    401: "invalid_token",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
    500: "server_error",
}


class ApiError(Exception):
    """Answer the request with this status and a JSON error body."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def not_found() -> ApiError:
    """Nothing here, or nothing the token may read: the two look the same."""
    return ApiError(404, "not_found", _("There is no such resource, or your token has no access."))


def server_error() -> ApiError:
    """Something failed that the client cannot fix."""
    return ApiError(
        500, "server_error", _("The server could not finish the request. Try again in a minute.")
    )


def error_response(error: ApiError) -> Response:
    """The JSON body and headers of an API error."""
    response = jsonify(error=error.code, message=error.message)
    response.status_code = error.status
    response.headers.update(error.headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def from_http(error: HTTPException) -> ApiError:
    """An API error for an HTTP error raised by Flask or Werkzeug (routing, method, size)."""
    status = error.code or 500
    messages = {
        404: _("There is no such resource, or your token has no access."),
        405: _("This method is not allowed here; the API only reads."),
    }
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    message = messages.get(status) or error.description or error.name
    return ApiError(status, HTTP_CODES.get(status, "http_error"), str(message), headers)
