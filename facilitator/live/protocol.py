"""Payloads of the /live namespace: what clients send, parsed or refused with bad_request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from facilitator.live import errors
from facilitator.live.errors import LiveError
from facilitator.live.phase_control import TIMER_CHOICES
from facilitator.live.timer import ACTIONS, MAX_MINUTES
from facilitator.sessions.codes import normalise_join_code
from facilitator.sessions.phases import Phase

TOKEN_MAX = 64
CODE_MAX = 24
LOCALE_MAX = 8
#: The largest id a row can have (PostgreSQL's integer): larger ones name nothing
MAX_ID = 2**31 - 1
#: Digits of the longest id sent as a string
_ID_DIGITS = len(str(MAX_ID))


def _object(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise errors.bad_request("payload must be an object")
    return payload


def positive_int(value: Any, field: str) -> int:
    """A positive whole number up to MAX_ID; JavaScript may send it as a float or a string."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # ASCII digits only, and few: int() takes other scripts' digits and refuses 4300 of them.
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= _ID_DIGITS:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_ID:
        raise errors.bad_request(f"{field} must be a positive integer up to {MAX_ID}")
    return value


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


@dataclass(frozen=True)
class WatchRequest:
    """`watch`: follow a session by join code, projector token or (moderators) id."""

    code: str | None = None
    projector_token: str | None = None
    session_id: int | None = None
    #: The language the page is shown in; labels pushed to this connection come in it
    locale: str | None = None

    @classmethod
    def parse(cls, payload: Any) -> WatchRequest:
        """Read the payload or raise bad_request."""
        payload = _object(payload)
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
        return cls(session_id=positive_int(payload[key], key), locale=locale)


@dataclass(frozen=True)
class SessionRequest:
    """`next_item`: the session, and optionally what happens to the timer."""

    session_id: int
    timer: str | None = None

    @classmethod
    def parse(cls, payload: Any) -> SessionRequest:
        """Read the payload or raise bad_request."""
        payload = _object(payload)
        return cls(positive_int(payload.get("session_id"), "session_id"), _timer_choice(payload))


@dataclass(frozen=True)
class PhaseRequest:
    """`set_phase`: jump to a phase."""

    session_id: int
    phase: Phase
    timer: str | None = None

    @classmethod
    def parse(cls, payload: Any) -> PhaseRequest:
        """Read the payload or raise bad_request."""
        payload = _object(payload)
        try:
            phase = Phase(str(payload.get("phase")))
        except ValueError as error:
            raise errors.bad_request(f"phase {payload.get('phase')!r}") from error
        return cls(
            positive_int(payload.get("session_id"), "session_id"), phase, _timer_choice(payload)
        )


@dataclass(frozen=True)
class ItemRequest:
    """`start_item`: start one agenda item."""

    session_id: int
    item_id: int
    timer: str | None = None

    @classmethod
    def parse(cls, payload: Any) -> ItemRequest:
        """Read the payload or raise bad_request."""
        payload = _object(payload)
        return cls(
            positive_int(payload.get("session_id"), "session_id"),
            positive_int(payload.get("item_id"), "item_id"),
            _timer_choice(payload),
        )


@dataclass(frozen=True)
class TimerRequest:
    """`timer_control`: start, pause, resume, add a minute or stop."""

    session_id: int
    action: str
    minutes: int | None = None

    @classmethod
    def parse(cls, payload: Any) -> TimerRequest:
        """Read the payload or raise bad_request."""
        payload = _object(payload)
        action = payload.get("action")
        if action not in ACTIONS:
            raise errors.bad_request(f"timer action {action!r}")
        minutes = payload.get("minutes")
        if minutes in (None, ""):
            minutes = None
        else:
            minutes = positive_int(minutes, "minutes")
            if minutes > MAX_MINUTES:
                raise LiveError(
                    "bad_request",
                    _("The timer can run from 1 to %(max)d minutes.", max=MAX_MINUTES),
                    f"{minutes} minutes",
                )
        return cls(positive_int(payload.get("session_id"), "session_id"), action, minutes)


@dataclass(frozen=True)
class PresentRequest:
    """`present_group`: a group by id, or a step to the next (1) or previous (-1) one."""

    session_id: int
    group_id: int | None = None
    step: int | None = None

    @classmethod
    def parse(cls, payload: Any) -> PresentRequest:
        """Read the payload or raise bad_request."""
        payload = _object(payload)
        session_id = positive_int(payload.get("session_id"), "session_id")
        if payload.get("group_id") is not None:
            return cls(session_id, group_id=positive_int(payload["group_id"], "group_id"))
        step = payload.get("step")
        if isinstance(step, float) and step.is_integer():
            step = int(step)
        if step not in (1, -1) or isinstance(step, bool):
            raise errors.bad_request("present_group needs group_id or step 1 / -1")
        return cls(session_id, step=step)
