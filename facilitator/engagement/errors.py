"""Domain errors of the open microphone, comments and voting; messages are for people."""

from __future__ import annotations


class EngagementError(ValueError):
    """Something a participant or moderator asked cannot be done; nothing was changed.

    ``status`` is the HTTP status a view answers with; ``field`` names what caused the error
    (a form field, a criterion id, a group id) so the page can show the message next to it.
    """

    status = 422

    def __init__(self, message: str, field: str | int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class InvalidInput(EngagementError):
    """The value is outside what is allowed: too long, empty, out of range, over a limit."""

    status = 422


class NotAllowed(EngagementError):
    """The rules forbid it for this person, e.g. voting for one's own group."""

    status = 403


class NotFound(EngagementError):
    """The model, comment or hand does not exist in this session."""

    status = 404


class WrongPhase(EngagementError):
    """The session is not in the phase where this is possible."""

    status = 409


class Conflict(EngagementError):
    """It has been done already, or someone else changed it at the same moment."""

    status = 409
