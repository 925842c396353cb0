"""Verification codes: 12 characters of Crockford's base32, unguessable (60 bits) but typeable.

The alphabet has no I, L, O or U, so nothing reads as another character; what people type is
read case- and space-insensitively, with I and L taken as 1 and O as 0.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]+")
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    """A fresh random code, as stored (no separators)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be one."""
    text = _SEPARATORS.sub("", typed or "").upper().translate(_LOOKALIKES)
    if len(text) != LENGTH or any(char not in ALPHABET for char in text):
        return None
    return text


def grouped(code: str) -> str:
    """«7K2M-9QXD-4TNB»: the code in groups of four, as printed."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
