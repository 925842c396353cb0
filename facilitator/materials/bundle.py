"""Build every file of a session's materials, and the zip that holds them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from facilitator.documents.archive import zip_files
from facilitator.materials import web_post
from facilitator.materials.group_materials import (
    build_group_materials,
    build_group_materials_pdf,
)
from facilitator.materials.participants_csv import build_participants_csv
from facilitator.materials.post_release import build_post_release, build_post_release_pdf
from facilitator.materials.records import SessionMaterials
from facilitator.materials.results_letter import build_results_letter, build_results_letter_pdf
from facilitator.materials.workbook import DEFAULT_TIMEZONE, build_workbook

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
ZIP = "application/zip"
PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


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
POST_RELEASE_PDF = MaterialFile("post-release-pdf", "post-release", "pdf", PDF)
GROUP_MATERIALS_PDF = MaterialFile("group-materials-pdf", "group-materials", "pdf", PDF)
RESULTS_LETTER = MaterialFile("results-letter", "results-letter", "docx", DOCX)
RESULTS_LETTER_PDF = MaterialFile("results-letter-pdf", "results-letter", "pdf", PDF)
VK_POST = MaterialFile("vk-post", "post-vk", "txt", TEXT)
WEB_POST = MaterialFile("web-post", "post-website", "html", HTML)
BUNDLE = MaterialFile("bundle", "materials", "zip", ZIP)
FILES = (
    POST_RELEASE,
    GROUP_MATERIALS,
    WORKBOOK,
    PARTICIPANTS,
    POST_RELEASE_PDF,
    GROUP_MATERIALS_PDF,
    RESULTS_LETTER,
    RESULTS_LETTER_PDF,
    VK_POST,
    WEB_POST,
)
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
        POST_RELEASE_PDF.key: lambda: build_post_release_pdf(materials, edits),
        GROUP_MATERIALS.key: lambda: build_group_materials(materials),
        GROUP_MATERIALS_PDF.key: lambda: build_group_materials_pdf(materials),
        RESULTS_LETTER.key: lambda: build_results_letter(materials),
        RESULTS_LETTER_PDF.key: lambda: build_results_letter_pdf(materials),
        VK_POST.key: lambda: web_post.vk_text(materials, edits).encode("utf-8"),
        WEB_POST.key: lambda: web_post.html_post(materials, edits).encode("utf-8"),
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
