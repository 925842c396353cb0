"""Payloads of the /live namespace: what clients send, parsed or refused with bad_request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from facilitator.live import errors
from facilitator.live.errors import LiveError
from facilitator.live.phase_control import TIMER_CHOICES
from facilitator.live.timer import ACTIONS, MAX_MINUTES
from facilitator.sessions.codes import normalise_join_code
from facilitator.sessions.phases import Phase
from facilitator.sockets import Request, read_by

TOKEN_MAX = 64
CODE_MAX = 24
LOCALE_MAX = 8


class LiveRequest(Request):
    """A payload of /live; an id may come as a string of digits, as a page gives it."""

    refusal = LiveError
    ids_as_text = True


def _text(value: Any, field: str, longest: int) -> str:
    # Not printable: NUL (which PostgreSQL refuses) or a lone surrogate (which no database
    # can encode) would fail the lookup instead of finding nothing.
    if not isinstance(value, str) or not 0 < len(value) <= longest or not value.isprintable():
        raise errors.bad_request(f"{field} must be a short printable string")
    return value


def _timer_choice(payload: dict[str, Any]) -> str | None:
    """The optional ``timer`` of a phase move: keep, restart or stop."""
    choice = payload.get("timer")
    if choice is None:
        return None
    if choice not in TIMER_CHOICES:
        raise errors.bad_request(f"timer choice {choice!r}")
    return choice


def _phase(payload: dict[str, Any]) -> Phase:
    try:
        return Phase(str(payload.get("phase")))
    except ValueError as error:
        raise errors.bad_request(f"phase {payload.get('phase')!r}") from error


@dataclass(frozen=True)
class WatchRequest(LiveRequest):
    """`watch`: follow a session by join code, projector token or (moderators) id."""

    code: str | None = None
    projector_token: str | None = None
    session_id: int | None = None
    #: The language the page is shown in; labels pushed to this connection come in it
    locale: str | None = None

    @classmethod
    def read(cls, payload: dict[str, Any]) -> WatchRequest:
        """Exactly one of code, projector token and id, and optionally the locale."""
        given = [key for key in ("code", "projector_token", "session_id") if key in payload]
        if len(given) != 1:
            raise errors.bad_request("watch needs one of code, projector_token, session_id")
        key = given[0]
        locale = payload.get("locale")
        if locale is not None:
            locale = _text(locale, "locale", LOCALE_MAX)
        if key == "code":
            code = normalise_join_code(_text(payload["code"], "code", CODE_MAX))
            if not code:
                raise errors.bad_request("code has no digits")
            return cls(code=code, locale=locale)
        if key == "projector_token":
            return cls(projector_token=_text(payload[key], key, TOKEN_MAX), locale=locale)
        return cls(session_id=cls.id(payload[key], key), locale=locale)


@dataclass(frozen=True)
class SessionRequest(LiveRequest):
    """`next_item`: the session, and optionally what happens to the timer."""

    session_id: int
    timer: str | None = field(default=None, metadata=read_by(_timer_choice))


@dataclass(frozen=True)
class PhaseRequest(LiveRequest):
    """`set_phase`: jump to a phase."""

    session_id: int
    phase: Phase = field(metadata=read_by(_phase))
    timer: str | None = field(default=None, metadata=read_by(_timer_choice))


@dataclass(frozen=True)
class ItemRequest(LiveRequest):
    """`start_item`: start one agenda item."""

    session_id: int
    item_id: int
    timer: str | None = field(default=None, metadata=read_by(_timer_choice))


@dataclass(frozen=True)
class TimerRequest(LiveRequest):
    """`timer_control`: start, pause, resume, add a minute or stop."""

    session_id: int
    action: str
    minutes: int | None = None

    @classmethod
    def read(cls, payload: dict[str, Any]) -> TimerRequest:
        """The action, the minutes (whose limit has its own message), then the session."""
        action = payload.get("action")
        if action not in ACTIONS:
            raise errors.bad_request(f"timer action {action!r}")
        minutes = payload.get("minutes")
        if minutes in (None, ""):
            minutes = None
        else:
            minutes = cls.id(minutes, "minutes")
            if minutes > MAX_MINUTES:
                raise LiveError(
                    "bad_request",
                    _("The timer can run from 1 to %(max)d minutes.", max=MAX_MINUTES),
                    f"{minutes} minutes",
                )
        return cls(cls.id(payload.get("session_id"), "session_id"), action, minutes)


@dataclass(frozen=True)
class PresentRequest(LiveRequest):
    """`present_group`: a group by id, or a step to the next (1) or previous (-1) one."""

    session_id: int
    group_id: int | None = None
    step: int | None = None

    @classmethod
    def read(cls, payload: dict[str, Any]) -> PresentRequest:
        """The session, and a group or a step."""
        session_id = cls.id(payload.get("session_id"), "session_id")
        if payload.get("group_id") is not None:
            return cls(session_id, group_id=cls.id(payload["group_id"], "group_id"))
        step = payload.get("step")
        if isinstance(step, float) and step.is_integer():
            step = int(step)
        if step not in (1, -1) or isinstance(step, bool):
            raise errors.bad_request("present_group needs group_id or step 1 / -1")
        return cls(session_id, step=step)
