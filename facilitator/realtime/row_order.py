"""The order of a table section's rows, as every client computes it (frontend/src/roworder.js).

Each row ``Y.Map`` carries an ``order`` key, a string; rows are shown sorted by (order, id,
position in the ``Y.Array``), strings compared by UTF-16 code units as JavaScript compares them.
A row without a string ``order`` (made before rows had keys) reads as the legacy key of its
position, which is what a client writes into it the first time it adds or moves a row there.
"""

from __future__ import annotations

from typing import Any

ORDER = "order"
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE = len(DIGITS)
_HEADS = "abcdefghijklmnopqrstuvwxyz"


def int_key(number: int) -> str:
    """The integer key of ``number`` >= 1: a head letter giving the digit count, base-62 digits."""
    digits = ""
    rest = number
    while True:
        digits = DIGITS[rest % _BASE] + digits
        rest //= _BASE
        if rest == 0:
            break
    return _HEADS[len(digits) - 1] + digits


def legacy_key(index: int) -> str:
    """The key a row without one reads as, from its position in the ``Y.Array``."""
    return int_key(index + 1)


def spread_keys(count: int) -> list[str]:
    """Fresh keys for ``count`` rows in order (what a restore writes)."""
    return [int_key(number + 1) for number in range(count)]


def _utf16(text: str) -> bytes:
    # Big-endian UTF-16 bytes compare like JavaScript compares strings (by code units).
    return text.encode("utf-16-be", "surrogatepass")


def effective_key(order: Any, index: int) -> str:
    """The key a row is ordered by: its own, or the legacy key of its position."""
    return order if isinstance(order, str) else legacy_key(index)


def sort_key(order: Any, row_id: Any, index: int) -> tuple[bytes, bytes, int]:
    """What rows are sorted by: effective key, then id, then position (UTF-16 comparisons)."""
    return (
        _utf16(effective_key(order, index)),
        _utf16(row_id if isinstance(row_id, str) else ""),
        index,
    )
