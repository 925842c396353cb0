"""Materials of a stored session: gathered, with the organiser's edits, built and written out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from facilitator.extensions import db
from facilitator.materials import bundle, drafts
from facilitator.materials.gather import Sources, gather
from facilitator.materials.records import SessionMaterials
from facilitator.offload import run_off_loop
from facilitator.sessions.codes import normalise_join_code
from facilitator.sessions.models import DesignSession


def timezone() -> dt.tzinfo:
    """The time zone dates in the files are shown in."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Moscow")


def session_materials(session: DesignSession, sources: Sources | None = None) -> SessionMaterials:
    """Everything the documents need about the session."""
    return gather(session, sources)


def build(
    session: DesignSession, file: bundle.MaterialFile, sources: Sources | None = None
) -> tuple[bytes, str]:
    """One file's bytes and its download name, with the organiser's post-release edits."""
    materials = session_materials(session, sources)
    edits = drafts.stored_edits(session)
    data = run_off_loop(bundle.build_file, file, materials, edits, timezone())
    return data, file.filename(materials)


def find_by_code(code: str) -> DesignSession | None:
    """The session with this join code, however it was typed."""
    digits = normalise_join_code(code)
    if not digits:
        return None
    return db.session.scalar(sa.select(DesignSession).filter_by(join_code=digits))


def export_session(
    session: DesignSession, out_dir: Path, sources: Sources | None = None
) -> list[Path]:
    """Write every file and the zip into a folder; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    materials = session_materials(session, sources)
    edits = drafts.stored_edits(session)
    files = bundle.build_all(materials, edits, timezone())
    written = []
    for name, data in files.items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    archive = out_dir / bundle.BUNDLE.filename(materials)
    archive.write_bytes(bundle.zip_files(files))
    written.append(archive)
    return written
