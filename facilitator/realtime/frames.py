"""Malformed frames on a connection: counted, logged once, and the connection dropped after a few.

Both namespaces (/workspace and /live) share one Socket.IO server, so this guards every
connection. Left to the libraries, each undecodable Socket.IO frame logged two tracebacks and
the connection stayed open (500 frames wrote 1.6 MB of log in 2 s), and an undecodable
Engine.IO frame ended the connection with a traceback from the WSGI server.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import engineio.packet
import socketio.packet

log = logging.getLogger(__name__)

#: Malformed frames a connection may send before it is dropped
MAX_MALFORMED = 5


class MalformedFrame(ValueError):
    """A Socket.IO frame that does not decode."""


class CheckedPacket(socketio.packet.Packet):
    """Socket.IO's packet, whose decoding failures are told apart from the handlers' errors."""

    def decode(self, encoded_packet: Any) -> int:
        """Decode a frame; MalformedFrame when it is not one."""
        try:
            return super().decode(encoded_packet)
        except Exception as error:
            raise MalformedFrame(f"{type(error).__name__}: {error}") from error

    def add_attachment(self, attachment: Any) -> bool:
        """Add a binary attachment; MalformedFrame when it does not fit the packet."""
        try:
            return super().add_attachment(attachment)
        except Exception as error:
            raise MalformedFrame(f"{type(error).__name__}: {error}") from error


class FrameGuard:
    """Counts each connection's malformed frames and drops the connection after a few."""

    def __init__(self, server: Any, limit: int = MAX_MALFORMED) -> None:
        self.server = server
        self.limit = limit
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def malformed(self, connection: str, detail: str) -> bool:
        """Note a malformed frame of a connection; True when the connection must go."""
        with self._lock:
            count = self.counts[connection] = self.counts.get(connection, 0) + 1
        if count == 1:
            log.warning(
                "Malformed frame from connection %s (%s); more are counted, not logged, "
                "and the connection is dropped at %s",
                connection,
                detail[:200],
                self.limit,
            )
        if count >= self.limit:
            log.warning("Connection %s dropped after %s malformed frames", connection, count)
            return True
        return False

    def forget(self, connection: str) -> None:
        """The connection went away."""
        with self._lock:
            self.counts.pop(connection, None)


def install(server: Any) -> FrameGuard:
    """Guard a Socket.IO server built with ``serializer=CheckedPacket``."""
    guard = FrameGuard(server)
    eio = server.eio
    handle_message = eio.handlers["message"]
    handle_disconnect = eio.handlers["disconnect"]

    def on_message(eio_sid: str, data: Any) -> Any:
        try:
            return handle_message(eio_sid, data)
        except MalformedFrame as error:
            # a half-received binary packet must not take the next frames as its attachments
            server._binary_packet.pop(eio_sid, None)
            if guard.malformed(eio_sid, str(error)):
                eio.disconnect(eio_sid)
            return None

    def on_disconnect(eio_sid: str, *args: Any) -> Any:
        guard.forget(eio_sid)
        return handle_disconnect(eio_sid, *args)

    eio.on("message", on_message)
    eio.on("disconnect", on_disconnect)
    websocket = eio._async.get("websocket")
    if websocket is not None:
        # Engine.IO decodes each websocket frame outside any error handling: an undecodable one
        # ended the connection with a traceback. Such frames are skipped and counted here.
        eio._async = dict(eio._async, websocket=_checked_websocket(websocket, guard))
    return guard


def _decodable(frame: Any) -> bool:
    """Whether Engine.IO can decode the websocket frame (binary frames always)."""
    if not isinstance(frame, str):
        return True
    if frame[:1].isascii() and frame[:1].isdigit():
        return True
    try:
        engineio.packet.Packet(encoded_packet=frame)
    except Exception:
        return False
    return True


def _checked_websocket(base: type, guard: FrameGuard) -> type:
    """The async mode's websocket class, skipping undecodable frames (and closing after a few)."""

    class CheckedWebSocket(base):  # type: ignore[misc, valid-type]
        def wait(self) -> Any:
            while True:
                frame = super().wait()
                if frame is None or _decodable(frame):
                    return frame
                key = f"websocket-{id(self)}"
                if guard.malformed(key, f"Engine.IO frame {str(frame)[:40]!r}"):
                    guard.forget(key)
                    return None  # as if the client closed: Engine.IO ends the connection

    return CheckedWebSocket
