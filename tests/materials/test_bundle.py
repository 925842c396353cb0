"""Every file in one zip, each of which opens."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from openpyxl import load_workbook

from facilitator.materials.bundle import build_bundle
from tests.materials.samples import demo_materials


def test_bundle_holds_every_file_and_each_opens(app):
    with app.test_request_context():
        data = build_bundle(demo_materials())
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == [
        "group-materials-2023-03-27.docx",
        "group-materials-2023-03-27.pdf",
        "participants-2023-03-27.csv",
        "post-release-2023-03-27.docx",
        "post-release-2023-03-27.pdf",
        "post-vk-2023-03-27.txt",
        "post-website-2023-03-27.html",
        "results-2023-03-27.xlsx",
        "results-letter-2023-03-27.docx",
        "results-letter-2023-03-27.pdf",
    ]
    assert archive.read("post-release-2023-03-27.pdf").startswith(b"%PDF-")
    post_release = Document(io.BytesIO(archive.read("post-release-2023-03-27.docx")))
    assert post_release.paragraphs[0].text.startswith("Пост-релиз")
    assert Document(io.BytesIO(archive.read("group-materials-2023-03-27.docx"))).tables
    book = load_workbook(io.BytesIO(archive.read("results-2023-03-27.xlsx")))
    assert "Участники" in book.sheetnames
    assert archive.read("participants-2023-03-27.csv").startswith(b"\xef\xbb\xbf")
