"""Who may watch and who may run a session; checked on every /live event and route."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, g
from flask_login import current_user

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.i18n import select_locale
from facilitator.joining.identity import current_participant
from facilitator.live import errors
from facilitator.live.protocol import WatchRequest
from facilitator.live.watchers import Watcher
from facilitator.sessions.models import DesignSession
from facilitator.sockets import worth_logging

log = logging.getLogger(__name__)

MODERATOR = "moderator"
PROJECTOR = "projector"
PARTICIPANT = "participant"
VISITOR = "visitor"


@dataclass(frozen=True)
class Viewer:
    """A connection allowed to follow a session, and as whom."""

    session: DesignSession
    role: str
    participant_id: int | None = None
    #: The language the device reads: labels pushed to it come in this language
    locale: str = "ru"


def watcher(sid: str) -> Watcher:
    """The connection's record in this process."""
    return current_app.extensions["facilitator_live"].get(sid, current_app.config)


def take_token(sid: str, event: str = "event") -> None:
    """Spend one of the connection's event tokens, for any event; rate_limited when none is left."""
    bucket = watcher(sid).events
    if not bucket.take():
        if worth_logging(bucket.refused):
            log.info("Rate-limited %r of %s (%s refused so far)", event[:64], sid, bucket.refused)
        raise errors.rate_limited(f"{event[:64]} of {sid}")


def session_by_token(token: str, *, groups: bool = False) -> DesignSession | None:
    """The session whose projector link this is; with ``groups``, its groups in the same query."""
    query = sa.select(DesignSession).filter_by(projector_token=token)
    if groups:
        query = query.options(so.joinedload(DesignSession.groups))
    session = db.session.scalars(query).unique().one_or_none()
    # The lookup is by index; compare once more in constant time all the same.
    if session is None or not hmac.compare_digest(session.projector_token, token):
        return None
    return session


def session_by_code(code: str) -> DesignSession | None:
    """The session with this join code."""
    return db.session.scalar(sa.select(DesignSession).filter_by(join_code=code))


def moderator_of(session: DesignSession) -> Moderator:
    """The logged-in moderator of the session; forbidden for anyone else."""
    if not session.is_moderated_by(current_user):
        raise errors.forbidden(f"not a moderator of session {session.id}")
    return current_user._get_current_object()


def session_or_not_found(session_id: int) -> DesignSession:
    """The session by id; not_found otherwise."""
    session = db.session.get(DesignSession, session_id)
    if session is None:
        raise errors.not_found(f"session {session_id}")
    return session


def connection_locale(asked: str | None) -> str:
    """The page's language when it says a known one, else the language its pages get."""
    if asked in current_app.config["LANGUAGES"]:
        return asked
    return select_locale()


def authorize_watch(sid: str, request: WatchRequest) -> Viewer:
    """Find the session a `watch` names and who the connection is for it (rate-limited by
    the namespace, as every event)."""
    if request.session_id is not None:
        session = session_or_not_found(request.session_id)
        moderator_of(session)
        return Viewer(session, MODERATOR, locale=connection_locale(request.locale))
    if request.projector_token is not None:
        session = session_by_token(request.projector_token)
        if session is None:
            raise errors.not_found("projector token")
        g.session_language = session.language
        return Viewer(session, PROJECTOR, locale=connection_locale(request.locale))
    session = session_by_code(request.code or "")
    if session is None:
        raise errors.not_found(f"code {request.code}")
    g.session_language = session.language
    locale = connection_locale(request.locale)
    participant = current_participant(session)
    if participant is None:
        return Viewer(session, VISITOR, locale=locale)
    return Viewer(session, PARTICIPANT, participant.id, locale)


def authorize_control(sid: str, session_id: int) -> tuple[DesignSession, Moderator]:
    """The session and its logged-in moderator for a control event."""
    session = session_or_not_found(session_id)
    return session, moderator_of(session)
