"""The digest frontend/build.mjs writes into each bundle header, for freshness tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"


def sources_digest(source: str) -> str:
    """sha256 over a bundle's source files (``source`` is e.g. "src" or "src/live") and the lock."""
    digest = hashlib.sha256()
    for path in sorted((FRONTEND / source).glob("*.js")):
        digest.update(f"{source}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    digest.update(b"package-lock.json\n")
    digest.update((FRONTEND / "package-lock.json").read_bytes())
    return digest.hexdigest()
