"""Build every file of a session's materials, and the zip that holds them all."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from facilitator.materials.group_materials import build_group_materials
from facilitator.materials.participants_csv import build_participants_csv
from facilitator.materials.post_release import build_post_release
from facilitator.materials.records import SessionMaterials
from facilitator.materials.workbook import DEFAULT_TIMEZONE, build_workbook

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
ZIP = "application/zip"


@dataclass(frozen=True)
class MaterialFile:
    """One downloadable file: its URL name, its stem for the saved file, its type."""

    key: str
    stem: str
    extension: str
    mimetype: str

    def filename(self, materials: SessionMaterials) -> str:
        """ASCII name with the date: old Windows unzip garbles Cyrillic names."""
        return f"{self.stem}-{materials.session.date.isoformat()}.{self.extension}"


POST_RELEASE = MaterialFile("post-release", "post-release", "docx", DOCX)
GROUP_MATERIALS = MaterialFile("group-materials", "group-materials", "docx", DOCX)
WORKBOOK = MaterialFile("results", "results", "xlsx", XLSX)
PARTICIPANTS = MaterialFile("participants", "participants", "csv", CSV)
BUNDLE = MaterialFile("bundle", "materials", "zip", ZIP)
FILES = (POST_RELEASE, GROUP_MATERIALS, WORKBOOK, PARTICIPANTS)
BY_KEY = {f.key: f for f in (*FILES, BUNDLE)}


def build_file(
    file: MaterialFile,
    materials: SessionMaterials,
    edits: Mapping[str, str] | None = None,
    zone: dt.tzinfo = DEFAULT_TIMEZONE,
) -> bytes:
    """The bytes of one file."""
    builders: dict[str, Callable[[], bytes]] = {
        POST_RELEASE.key: lambda: build_post_release(materials, edits),
        GROUP_MATERIALS.key: lambda: build_group_materials(materials),
        WORKBOOK.key: lambda: build_workbook(materials, zone),
        PARTICIPANTS.key: lambda: build_participants_csv(materials, zone),
        BUNDLE.key: lambda: build_bundle(materials, edits, zone),
    }
    return builders[file.key]()


def build_all(
    materials: SessionMaterials,
    edits: Mapping[str, str] | None = None,
    zone: dt.tzinfo = DEFAULT_TIMEZONE,
) -> dict[str, bytes]:
    """Every file by its name."""
    return {f.filename(materials): build_file(f, materials, edits, zone) for f in FILES}


def build_bundle(
    materials: SessionMaterials,
    edits: Mapping[str, str] | None = None,
    zone: dt.tzinfo = DEFAULT_TIMEZONE,
) -> bytes:
    """A zip of every file."""
    return zip_files(build_all(materials, edits, zone))


def zip_files(files: Mapping[str, bytes]) -> bytes:
    """A zip holding the given files by name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
