"""Refusals of live control: a code for programs and a sentence for people."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from facilitator.sockets import SocketError


class LiveError(SocketError):
    """A refused request of live control."""


#: A payload of the wrong shape
bad_request = LiveError.bad_request
#: No session with this code, token or id
not_found = LiveError.kind("not_found", _l("There is no such session."))
#: An agenda item or group the panel showed is not in the session (any more)
gone = LiveError.kind(
    "not_found",
    _l("This is no longer in the session: it may have just been changed. Reload the page."),
)
#: Someone other than the session's moderators tried to run it
forbidden = LiveError.kind("forbidden", _l("Only the session's moderators can do this."))
#: Too many events on one connection
rate_limited = LiveError.kind("rate_limited", _l("Too many requests at once. Wait a moment."))


def refused(message: str, detail: str = "") -> LiveError:
    """A change that is not possible now; ``message`` says why."""
    return LiveError("refused", message, detail)


def internal_message() -> str:
    """Something broke on the server."""
    return _("Something went wrong on the server. Try again.")
