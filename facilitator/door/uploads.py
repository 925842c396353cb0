"""The uploaded registration file kept between the preview and the confirmation.

It lives in the instance folder under a random name tied to the session, is at most
``reading.MAX_BYTES`` long, and is removed after the import (or after a day, if abandoned).
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from pathlib import Path

from flask import current_app

from facilitator.door.reading import MAX_BYTES

log = logging.getLogger(__name__)

FOLDER = "door-imports"
#: An abandoned upload is removed after this many seconds
KEEP_SECONDS = 24 * 3600
_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")


def _folder() -> Path:
    folder = Path(current_app.instance_path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(session_id: int, upload_id: str) -> Path | None:
    if not _ID.match(upload_id or ""):
        return None
    return _folder() / f"{int(session_id)}-{upload_id}.bin"


def store(session_id: int, data: bytes) -> str:
    """Keep the file for this session; its random id for the preview page's address."""
    if len(data) > MAX_BYTES:
        raise ValueError("upload too large")
    sweep()
    upload_id = secrets.token_urlsafe(16)
    path = _path(session_id, upload_id)
    assert path is not None
    path.write_bytes(data)
    path.chmod(0o600)
    return upload_id


def load(session_id: int, upload_id: str) -> bytes | None:
    """The file kept for this session under this id, or None (unknown, expired or removed)."""
    path = _path(session_id, upload_id)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def remove(session_id: int, upload_id: str) -> None:
    """Delete the kept file."""
    path = _path(session_id, upload_id)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep() -> None:
    """Remove uploads abandoned for more than a day."""
    limit = time.time() - KEEP_SECONDS
    for path in _folder().glob("*.bin"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            log.warning("Could not remove the old upload %s", path.name)
