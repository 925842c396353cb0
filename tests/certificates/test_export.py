"""`facilitator export` writes the attendance files and the certificates beside the materials."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from facilitator.certificates import codes, issue


def test_export_writes_the_attendance_files_and_every_certificate(app, door, tmp_path):
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(
        args=[
            "export",
            door.session.join_code,
            "--out",
            str(out),
            "--site-url",
            "https://facilitator.example.org/",
        ]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {
        "attendance-sheet-2023-03-27.docx",
        "attendance-sheet-2023-03-27.pdf",
        "attendance-2023-03-27.xlsx",
        "certificates-2023-03-27.pdf",
        "certificates",
        "results-2023-03-27.xlsx",
    } <= names
    sheet = Document(str(out / "attendance-sheet-2023-03-27.docx"))
    assert len(sheet.tables[0].rows) == 5
    book = load_workbook(io.BytesIO((out / "attendance-2023-03-27.xlsx").read_bytes()))
    assert book.active.cell(row=6, column=7).value == 10.0
    certificates = issue.valid(door.session)
    combined = PdfReader(str(out / "certificates-2023-03-27.pdf"))
    assert len(combined.pages) == 4
    singles = sorted(p.name for p in (out / "certificates").iterdir())
    assert singles == sorted(issue.filename(door.session, c) for c in certificates)
    first = certificates[1]
    text = " ".join(
        PdfReader(str(out / "certificates" / issue.filename(door.session, first)))
        .pages[0]
        .extract_text()
        .split()
    )
    assert codes.grouped(first.code) in text
    assert f"https://facilitator.example.org/c/{first.code}" in text
    assert "certificates-2023-03-27.pdf" in result.output


def test_export_without_the_sites_address_leaves_certificates_out_and_says_why(app, door, tmp_path):
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(
        args=["export", door.session.join_code, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert "attendance-sheet-2023-03-27.pdf" in names
    assert "certificates-2023-03-27.pdf" not in names
    assert "PUBLIC_URL" in result.output


def test_export_with_public_url_needs_no_option(app, door, tmp_path):
    app.config["PUBLIC_URL"] = "https://site.example.org"
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(
        args=["export", door.session.join_code, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "certificates-2023-03-27.pdf").exists()
