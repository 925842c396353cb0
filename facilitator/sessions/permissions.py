"""Who may see and change what: checked on the server for every route and event."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy.orm as so
from flask import abort
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from facilitator.extensions import db
from facilitator.sessions.models import DesignSession

T = TypeVar("T")


def moderated_session_or_404(session_id: int, *, groups: bool = False) -> DesignSession:
    """The session if the logged-in moderator runs it; 404 otherwise, so ids leak nothing."""
    # Pages that list the groups read them with ``groups``, in the same statement as the session.
    options = [so.joinedload(DesignSession.groups)] if groups else []
    session = db.session.get(DesignSession, session_id, options=options)
    if session is None or not session.is_moderated_by(current_user):
        abort(404)
    return session


def found_or_404(found: T | None) -> T:
    """What a lookup found; 404 when it found nothing."""
    if found is None:
        abort(404)
    return found


def owned_or_404(model: type[T], row_id: int, **owner: int) -> T:
    """The row with this id if its owner columns hold these ids (``session_id=…``); 404 otherwise.

    For a session's agenda items, groups, photos or certificates, a template's sections, a
    survey's questions: one owner's id in another owner's URL finds nothing.
    """
    row = found_or_404(db.session.get(model, row_id))
    if any(getattr(row, column) != value for column, value in owner.items()):
        abort(404)
    return row


View = Callable[..., ResponseReturnValue]


def moderated_view(view: View | None = None, *, groups: bool = False) -> Any:
    """Make a ``/<session_id>/…`` view the moderator's: login required, the session passed in.

    The view receives ``session`` in place of ``session_id``; anyone but the session's
    moderator gets 404, as with :func:`moderated_session_or_404`. Use it bare, or as
    ``moderated_view(groups=True)`` for pages that list the groups.
    """

    def decorate(function: View) -> View:
        @functools.wraps(function)
        @login_required
        def wrapper(session_id: int, **kwargs: Any) -> ResponseReturnValue:
            return function(moderated_session_or_404(session_id, groups=groups), **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
