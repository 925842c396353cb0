"""Socket plumbing both namespaces share: refusals, acknowledged handlers, parsed payloads,
rooms and token buckets.

A handler wrapped by ``acknowledged`` spends a token first, then either answers with its own
acknowledgement or, refused, with ``{ok: false, code, message}``; an unexpected failure is
logged and answered with ``internal_error``.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import time
from collections.abc import Callable
from typing import Any, ClassVar, Protocol, Self, TypeVar

from flask import request
from flask_babel import LazyString
from flask_babel import gettext as _

from facilitator import socket_logins
from facilitator.database import MAX_ID, as_id

log = logging.getLogger(__name__)


Refused = TypeVar("Refused", bound="SocketError", covariant=True)


class Refusal(Protocol[Refused]):
    """Makes a refusal of one kind; ``detail`` is what the log says about it."""

    def __call__(self, detail: str = "") -> Refused: ...


class SocketError(Exception):
    """A refused event; ``code`` is one of the protocol's error codes."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.message = message
        #: What the log says about it (never shown to the user)
        self.detail = detail or code

    @classmethod
    def kind(cls, code: str, message: LazyString) -> Refusal[Self]:
        """A maker of refusals with ``code`` and ``message``, translated when one is made."""

        def refuse(detail: str = "") -> Self:
            return cls(code, str(message), detail)

        return refuse

    @classmethod
    def bad_request(cls, detail: str) -> Self:
        """A payload of the wrong shape."""
        return cls("bad_request", _("The request is malformed."), detail)

    def ack(self) -> dict[str, Any]:
        """The acknowledgement that reports the refusal."""
        return {"ok": False, "code": self.code, "message": self.message}


Handler = Callable[..., dict[str, Any]]


def acknowledged(
    admit: Callable[[str, str], Any],
    internal_message: Callable[[], str],
    on_failure: Callable[[], None] = lambda: None,
    logger: logging.Logger = log,
) -> Callable[[Handler], Handler]:
    """A decorator for a namespace's handlers: ``admit(sid, event)`` spends the token first.

    ``on_failure`` runs after any refusal or failure (a namespace that writes rolls back).
    """

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def wrapper(*args: Any) -> dict[str, Any]:
            event = request.event["message"]
            try:
                # every event, known or not, spends a token first
                admit(request.sid, event)
                if not socket_logins.login_still_current():
                    raise logged_out(f"login of {request.sid} ended")
                if len(args) > 1:  # every event carries one payload at most
                    raise SocketError.bad_request(f"{len(args)} arguments")
                return handler(*args)
            except SocketError as error:
                on_failure()
                if error.code != "rate_limited":  # admit logs a flood sparingly
                    # The detail may quote what the client sent: %r keeps a log line one line
                    # and writable whatever it holds (newlines, lone surrogates).
                    logger.info(
                        "Refused %s from %s: %s (%r)", event, request.sid, error.code, error.detail
                    )
                return error.ack()
            except Exception:
                on_failure()
                logger.exception("Failed %s from %s", event, request.sid)
                return {"ok": False, "code": "internal_error", "message": internal_message()}

        return wrapper

    return decorate


def answer_unknown(
    event: Any,
    admit: Callable[[str, str], Any],
    emit_error: Callable[[str, dict[str, Any]], None],
    logger: logging.Logger = log,
) -> dict[str, Any]:
    """Refuse an event the namespace does not know: an ``error`` event and a refusing ack."""
    event = str(event)[:64]  # it is logged and sent back
    try:
        admit(request.sid, event)
    except SocketError as refused:
        return refused.ack()
    error = unknown_event(event)
    logger.info("Refused %r from %s: %s", event, request.sid, error.code)
    body = {"code": error.code, "event": event, "message": error.message}
    emit_error(request.sid, body)
    return {"ok": False, **body}


def logged_out(detail: str = "") -> SocketError:
    """The moderator's login ended (logout, password change); the connection is closed."""
    return SocketError("logged_out", _("Your login has ended. Log in again."), detail)


class Namespace:
    """A namespace's events, each handler acknowledged (see ``acknowledged``), and its
    registration with the server."""

    def __init__(self, name: str, acknowledge: Callable[[Handler], Handler]) -> None:
        self.name = name
        self.acknowledge = acknowledge
        #: Handlers by event name, in the order they were declared
        self.events: dict[str, Handler] = {}

    def event(self, name: str) -> Callable[[Handler], Handler]:
        """A decorator declaring the acknowledged handler of the event ``name``."""

        def decorate(handler: Handler) -> Handler:
            self.events[name] = wrapped = self.acknowledge(handler)
            return wrapped

        return decorate

    def register(
        self,
        socketio: Any,
        connect: Callable[..., Any],
        disconnect: Callable[..., Any],
        unknown: Callable[..., Any],
    ) -> None:
        """Attach the handlers to the server ``socketio.init_app`` built.

        A moderator's connection is remembered on connecting, so that ending the login ends it.
        """

        def on_connect(auth: Any = None) -> Any:
            socket_logins.connection_opened(self.name)
            return connect(auth)

        def on_disconnect(reason: Any = None) -> None:
            socket_logins.connection_closed()
            disconnect(reason)

        handlers = {"connect": on_connect, "disconnect": on_disconnect, **self.events}
        for event, handler in (handlers | {"*": unknown}).items():
            socketio.on(event, namespace=self.name)(handler)


def unknown_event(event: str) -> SocketError:
    """An event the namespace does not know."""
    return SocketError("unknown_event", _("Unknown request."), f"unknown event {event!r}")


class Request:
    """A client's payload read into a (frozen dataclass) request, or refused with bad_request.

    ``read`` takes each field in the order declared: by the reader ``read_by`` gave it, else
    as a required id. A request whose fields depend on each other overrides ``read``.
    """

    #: The namespace's refusals
    refusal: ClassVar[type[SocketError]] = SocketError
    #: Whether an id may come as a string of digits, as a page's data attribute gives it
    ids_as_text: ClassVar[bool] = False

    @classmethod
    def parse(cls, payload: Any) -> Self:
        """Read the payload or raise bad_request."""
        return cls.read(cls.as_object(payload))

    @classmethod
    def as_object(cls, payload: Any) -> dict[str, Any]:
        """The payload if it is an object, else bad_request."""
        if not isinstance(payload, dict):
            raise cls.refusal.bad_request("payload must be an object")
        return payload

    @classmethod
    def read(cls, payload: dict[str, Any]) -> Self:
        """The request from the payload object's fields."""
        values = {}
        for field in dataclasses.fields(cls):
            reader = field.metadata.get("read")
            value = reader(payload) if reader else cls.id(payload.get(field.name), field.name)
            values[field.name] = value
        return cls(**values)

    @classmethod
    def id(cls, value: Any, field: str) -> int:
        """A positive whole number up to MAX_ID; JavaScript may send it as a float."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and (not cls.ids_as_text or value != value.strip()):
            value = None
        value = as_id(value)
        if value is None:
            raise cls.refusal.bad_request(f"{field} must be a positive integer up to {MAX_ID}")
        return value


def read_by(reader: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    """The metadata of a request's field that ``reader`` takes from the payload object."""
    return {"read": reader}


def named_room(prefix: str, suffix: str = "") -> Callable[[int], str]:
    """The names ``prefix:<id>`` (or ``prefix:<id>:suffix``) of one kind of room, by id."""

    def name(key: int) -> str:
        return f"{prefix}:{key}:{suffix}" if suffix else f"{prefix}:{key}"

    return name


class TokenBucket:
    """Allow ``rate`` events a second on average and ``burst`` at once."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = float(burst)
        self.stamp = clock()
        #: Events refused so far
        self.refused = 0

    def take(self) -> bool:
        """Spend one token if there is one; tell whether the event may go ahead."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1 - 1e-9:  # float rounding must not cost a whole token
            self.refused += 1
            return False
        self.tokens -= 1
        return True


def worth_logging(refused: int) -> bool:
    """Whether a connection's refusal number ``refused`` is logged: the 1st, 10th, 100th, ...

    A flooding connection would otherwise write a line per event.
    """
    while refused >= 10 and refused % 10 == 0:
        refused //= 10
    return refused == 1
