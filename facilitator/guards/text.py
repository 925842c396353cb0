"""What text the app accepts: no control characters but tab and line breaks, no lone surrogates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

#: NUL and the other C0 controls but \t \n \r, DEL, and UTF-16 surrogates no encoder can write
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
#: In one-line values (paths, query strings, keys) line breaks and tabs are refused too
_FORBIDDEN_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def has_forbidden(text: str, *, multiline: bool = True) -> bool:
    """Whether the text holds a character the app refuses (NUL and other controls)."""
    pattern = _FORBIDDEN if multiline else _FORBIDDEN_ON_ONE_LINE
    return pattern.search(text) is not None


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a decoded JSON value: keys and values, however deep."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for key, inner in item.items():
                yield str(key)
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
