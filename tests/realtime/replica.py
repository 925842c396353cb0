"""A client-side replica of a group's document, behaving like the browser's Yjs client."""

from __future__ import annotations

import base64

from pycrdt import Array, Doc, Map, Text, merge_updates


def b64(data: bytes) -> str:
    """Bytes as base64 text, as the protocol carries them."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Base64 text back to bytes."""
    return base64.b64decode(text)


class Replica:
    """A pycrdt document that collects its own updates until they are sent."""

    def __init__(self, client_id: int | None = None) -> None:
        self.doc = Doc(client_id=client_id)
        self._rows = 0
        self.pending: list[bytes] = []
        self._remote = False
        self.doc.observe(self._collect)

    def _collect(self, event) -> None:
        if not self._remote:
            self.pending.append(event.update)

    def text(self, key: str) -> Text:
        """The root Y.Text of a text section."""
        return self.doc.get(f"text:{key}", type=Text)

    def table(self, key: str) -> Array:
        """The root Y.Array of a table section."""
        return self.doc.get(f"table:{key}", type=Array)

    def type(self, key: str, text: str, at: int | None = None) -> None:
        """Insert text into a text section (at a UTF-8 byte offset, by default the end)."""
        target = self.text(key)
        target.insert(len(target) if at is None else at, text)

    def add_row(self, key: str, columns: list[str], values: dict[str, str] | None = None) -> str:
        """Append a table row with every cell created at once; return its id."""
        self._rows += 1
        row_id = f"{self.doc.client_id}-{self._rows}"
        cells = {column: Text((values or {}).get(column, "")) for column in columns}
        self.table(key).append(Map({"id": row_id, **cells}))
        return row_id

    def state_vector(self) -> str:
        """The replica's state vector, base64."""
        return b64(self.doc.get_state())

    def apply(self, update_b64: str) -> None:
        """Apply a base64 update from the server without treating it as a local edit."""
        self.apply_bytes(unb64(update_b64))

    def apply_bytes(self, update: bytes) -> None:
        """Apply an update from elsewhere without treating it as a local edit."""
        self._remote = True
        try:
            self.doc.apply_update(update)
        finally:
            self._remote = False

    def take(self) -> str | None:
        """Everything edited since the last call, merged, base64; None if nothing."""
        if not self.pending:
            return None
        merged = merge_updates(*self.pending)
        self.pending.clear()
        return b64(merged)

    def missing_from(self, state_vector_b64: str) -> str:
        """What a peer with that state vector lacks, base64."""
        return b64(self.doc.get_update(unb64(state_vector_b64)))
