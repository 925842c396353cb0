"""Refusals of the /workspace protocol: a code for programs and a sentence for people."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from facilitator.sockets import SocketError


class RealtimeError(SocketError):
    """A refused event of the /workspace protocol."""


#: A payload of the wrong shape
bad_request = RealtimeError.bad_request
#: No right to the group (or to edit it)
forbidden = RealtimeError.kind("forbidden", _l("You do not have access to this model."))
#: A viewer of another group's model tried to change it
viewer_cannot_edit = RealtimeError.kind("forbidden", _l("You can read this model but not edit it."))
#: No such creative group
group_not_found = RealtimeError.kind("not_found", _l("There is no such group."))
#: No such design session
session_not_found = RealtimeError.kind("not_found", _l("There is no such session."))
#: Bytes that are not an acceptable Yjs v1 update
invalid_update = RealtimeError.kind(
    "invalid_update", _l("This change could not be applied. Reload the page.")
)
#: Too many events on one connection
rate_limited = RealtimeError.kind("rate_limited", _l("Too many changes at once. Wait a moment."))
#: An event for a group the connection has not joined
not_joined = RealtimeError.kind("not_joined", _l("Open the group's model first."))


def read_only(detail: str = "") -> RealtimeError:
    """Group work is over for participants."""
    return RealtimeError("read_only", work_over_message(), detail)


def update_too_large(limit_bytes: int, detail: str = "") -> RealtimeError:
    """One update over the limit."""
    return RealtimeError(
        "too_large",
        _("This change is too large: the limit is %(limit)s KiB.", limit=limit_bytes // 1024),
        detail,
    )


def document_too_large(limit_bytes: int, detail: str = "") -> RealtimeError:
    """The document would grow over its cap."""
    return RealtimeError(
        "too_large",
        _(
            "The model is too large: the limit is %(limit)s MiB.",
            limit=round(limit_bytes / 1024 / 1024, 1),
        ),
        detail,
    )


def work_over_message() -> str:
    """Why a group's member may no longer edit."""
    return _("Group work is over: the model can no longer be edited.")


def other_group_message() -> str:
    """Why a participant of another group only reads."""
    return _("This is another group's model: you can read it but not edit it.")


def reading_closed_message() -> str:
    """Why a participant reading another group's model no longer sees it change."""
    return _(
        "The moderator closed other groups' models to participants, so this one no longer "
        "updates here. Open your group's model from the session page."
    )


def left_group_message() -> str:
    """Why a participant moved out of the group no longer sees its model change."""
    return _(
        "You are no longer in this group, so its model no longer updates here. "
        "Open your group's model from the session page."
    )


def internal_message() -> str:
    """Something broke on the server; the change was not applied."""
    return _("Something went wrong on the server; the change was not saved. Try again.")
