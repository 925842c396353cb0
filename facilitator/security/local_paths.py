"""Addresses a redirect or a link may point to: paths on this site, nothing else."""

from __future__ import annotations

import re
from urllib.parse import unquote

#: A path that browsers cannot read as another host: one slash, then no slash or backslash
_LOCAL_PATH = re.compile(r"^/(?![/\\])")


def is_local_path(target: str | None) -> bool:
    """Tell whether a target is a path on this site (refuses //host, /\\host, schemes).

    Percent-escapes are checked too: some browsers and proxies decode %5C and %2F before
    resolving, so "/%5Cevil.example" must not pass either.
    """
    if not target:
        return False
    decoded = unquote(target)
    for candidate in (target, decoded):
        if not _LOCAL_PATH.match(candidate):
            return False
        if "\\" in candidate or any(ord(char) < 32 or ord(char) == 127 for char in candidate):
            return False
    return True


def local_path_or(target: str | None, fallback: str) -> str:
    """The target if it is a local path, otherwise the fallback."""
    return target if target is not None and is_local_path(target) else fallback
