"""Static files by content: ``?v=<hash>`` on every static URL and the service worker's precache.

A phone must never run an old bundle against a new server: every ``url_for('static', ...)``
gets the first 16 hex digits of the file's sha256, read once per process (again when the file
changes), so a new deployment changes the URL of every changed file.

A page names a few dozen static files and a participant's page the whole precache list; a join
storm renders hundreds of pages a second on one process. What is known of a file (and the
precache list) is trusted for ``RECHECK_SECONDS`` before the disk is looked at again.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Any

from flask import current_app, request
from werkzeug.wrappers import Response

#: What a participant's phone keeps for offline use (globs under static/): the pages' bundles,
#: styles, scripts, and any fonts, icons and pictures the front end ships.
PRECACHE = (
    "vendor/workspace.bundle.js",
    "vendor/live.bundle.js",
    "css/*.css",
    "js/*.js",
    "fonts/**/*",
    "icons/**/*",
    "img/**/*",
    "**/*.woff2",
    "**/*.woff",
)
#: A year: a hashed URL never changes its content
IMMUTABLE = "public, max-age=31536000, immutable"
WORKSPACE_BUNDLE = "vendor/workspace.bundle.js"

#: How long a file's known hash, or the precache list, is used before the disk is read again
RECHECK_SECONDS = 2.0


@dataclass
class _Known:
    """What was last seen of a static file: when, its modification time and size, its hash."""

    checked: float
    key: tuple[int, int]
    digest: str


@dataclass(frozen=True)
class Precache:
    """The service worker's precache list and one hash of it."""

    manifest: list[dict[str, Any]]
    digest: str


_hashes: dict[tuple[str, str], _Known] = {}
_precaches: dict[tuple[str, str], tuple[float, Precache]] = {}
_lock = Lock()
_clock = time.monotonic


def static_root() -> Path:
    """The app's static folder."""
    return Path(current_app.static_folder or "static")


def content_hash(filename: str) -> str | None:
    """The first 16 hex digits of the static file's sha256; None if there is no such file."""
    now = _clock()
    cache_key = (current_app.static_folder or "static", filename)
    known = _hashes.get(cache_key)
    if known is not None and now - known.checked < RECHECK_SECONDS:
        return known.digest
    path = static_root() / filename
    key = _file_key(path)
    if known is not None and known.key == key:
        known.checked = now
        return known.digest
    if key is None:
        # Not remembered: the names asked for are then only ever the files that exist.
        return None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    with _lock:
        _hashes[cache_key] = _Known(now, key, digest)
    return digest


def _file_key(path: Path) -> tuple[int, int] | None:
    """A regular file's modification time and size; None when there is no such file."""
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return None
    return (stat.st_mtime_ns, stat.st_size) if path.is_file() else None


def add_content_hash(endpoint: str | None, values: dict[str, Any]) -> None:
    """url_defaults hook: ``url_for('static', filename=f)`` gets ``v=<hash of f>``."""
    if endpoint != "static" or "v" in values:
        return
    filename = values.get("filename")
    if filename:
        digest = content_hash(str(filename))
        if digest:
            values["v"] = digest


def cache_hashed_assets(response: Response) -> Response:
    """Let browsers keep a static file for a year when its URL names its current content."""
    if request.endpoint != "static" or response.status_code != 200:
        return response
    wanted = request.args.get("v")
    filename = (request.view_args or {}).get("filename")
    if wanted and filename and wanted == content_hash(str(filename)):
        response.headers["Cache-Control"] = IMMUTABLE
    return response


def precache_files() -> list[str]:
    """The static files (relative, sorted) a phone keeps for the offline pages."""
    root = static_root()
    found: set[str] = set()
    for pattern in PRECACHE:
        for path in root.glob(pattern):
            if path.is_file() and not path.name.startswith("."):
                found.add(path.relative_to(root).as_posix())
    return sorted(found)


def precache_manifest(static_url_path: str) -> list[dict[str, Any]]:
    """Workbox precache entries: each file's hashed URL (the hash is its revision)."""
    base = static_url_path.rstrip("/")
    return [
        {"url": f"{base}/{name}?v={content_hash(name)}", "revision": None}
        for name in precache_files()
    ]


def assets_digest(manifest: list[dict[str, Any]]) -> str:
    """One hash of the whole precache: pages cached with another one refer to gone files."""
    joined = "\n".join(entry["url"] for entry in manifest)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def precache(static_url_path: str) -> Precache:
    """The precache list and its hash, read again from the disk at most every RECHECK_SECONDS."""
    now = _clock()
    cache_key = (current_app.static_folder or "static", static_url_path)
    known = _precaches.get(cache_key)
    if known is not None and now - known[0] < RECHECK_SECONDS:
        return known[1]
    manifest = precache_manifest(static_url_path)
    fresh = Precache(manifest, assets_digest(manifest))
    with _lock:
        _precaches[cache_key] = (now, fresh)
    return fresh


def workspace_version() -> str:
    """The content hash of the co-editing bundle; a page built for another one must reload."""
    return content_hash(WORKSPACE_BUNDLE) or ""
