"""`facilitator export <code> --out DIR` writes every file."""

from __future__ import annotations

import io
import zipfile

from docx import Document


def test_export_writes_every_file_and_the_zip(app, demo_session, use_sources, tmp_path):
    use_sources(demo_session.sources)
    out = tmp_path / "out"
    code = demo_session.session.join_code
    result = app.test_cli_runner().invoke(
        args=["export", f"{code[:3]} {code[3:]}", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "attendance-2023-03-27.xlsx",
        "attendance-sheet-2023-03-27.docx",
        "attendance-sheet-2023-03-27.pdf",
        "group-materials-2023-03-27.docx",
        "group-materials-2023-03-27.pdf",
        "materials-2023-03-27.zip",
        "participants-2023-03-27.csv",
        "post-release-2023-03-27.docx",
        "post-release-2023-03-27.pdf",
        "post-vk-2023-03-27.txt",
        "post-website-2023-03-27.html",
        "results-2023-03-27.xlsx",
        "results-letter-2023-03-27.docx",
        "results-letter-2023-03-27.pdf",
    ]
    assert "post-release-2023-03-27.docx" in result.output
    document = Document(str(out / "post-release-2023-03-27.docx"))
    assert document.paragraphs[0].text.startswith("Пост-релиз")
    assert (
        len(zipfile.ZipFile(io.BytesIO((out / "materials-2023-03-27.zip").read_bytes())).namelist())
        == 10
    )


def test_export_of_an_unknown_code_fails_clearly(app, tmp_path):
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(args=["export", "999999", "--out", str(out)])
    assert result.exit_code != 0
    assert "No session has the join code '999999'." in result.output
    assert not out.exists()
