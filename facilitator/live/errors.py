"""Refusals of live control: a code for programs and a sentence for people."""

from __future__ import annotations

from flask_babel import gettext as _

from facilitator.sockets import SocketError


class LiveError(SocketError):
    """A refused request of live control."""


#: A payload of the wrong shape
bad_request = LiveError.bad_request


def not_found(detail: str = "") -> LiveError:
    """No session with this code, token or id."""
    return LiveError("not_found", _("There is no such session."), detail)


def forbidden(detail: str = "") -> LiveError:
    """Someone other than the session's moderators tried to run it."""
    return LiveError("forbidden", _("Only the session's moderators can do this."), detail)


def refused(message: str, detail: str = "") -> LiveError:
    """A change that is not possible now; ``message`` says why."""
    return LiveError("refused", message, detail)


def rate_limited(detail: str = "") -> LiveError:
    """Too many events on one connection."""
    return LiveError("rate_limited", _("Too many requests at once. Wait a moment."), detail)


def internal_message() -> str:
    """Something broke on the server."""
    return _("Something went wrong on the server. Try again.")
