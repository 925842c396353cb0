"""Blocks to PDF: how headings and table cells are set on the page."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ContentStream

from facilitator.documents.blocks import Document, Heading, Table
from facilitator.documents.pdf import render_pdf

LONG_HEADING = (
    "1. «Сопровождение проектной деятельности обучающихся, развитие системы наставничества "
    "и навыков нетворкинга»"
)


def _operators(data: bytes) -> list[bytes]:
    reader = PdfReader(io.BytesIO(data))
    return [
        op
        for page in reader.pages
        for _, op in ContentStream(page.get_contents(), reader).operations
    ]


def test_a_heading_over_several_lines_is_set_flush_left_not_stretched():
    """Justified lines are written with per-word spacing (TJ); a heading's lines must not be."""
    data = render_pdf(Document(title="t", author="a", blocks=[Heading(LONG_HEADING)]))
    operators = _operators(data)
    assert operators.count(b"Tj") >= 2
    assert b"TJ" not in operators


def _lines(data: bytes) -> list[str]:
    """Each line as written: a cell's lines are separate pieces even beside other cells."""
    pieces: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=lambda text, *_: pieces.append(text))
    return [p.replace("\u200b", "").strip() for p in pieces if p.strip()]


def test_a_hyphenated_word_too_wide_for_its_column_breaks_after_the_hyphen():
    """A narrow column: «педагог-» / «организатор», not «педагог-организато» / «р»."""
    table = Table(
        headers=("№", "Должность", "Организация"),
        rows=(("1", "педагог-организатор", "ГБОУ СОШ № 1"),),
        widths_cm=(1.0, 2.6, 13.4),
    )
    lines = _lines(render_pdf(Document(title="t", author="a", blocks=[table])))
    assert any(line.endswith("педагог-") for line in lines), lines
    assert any(line.startswith("организатор") for line in lines), lines


def test_a_long_word_too_wide_for_its_column_breaks_at_a_syllable_with_a_hyphen():
    """«взаимо-» / «действию», not «взаимодействи» / «ю» cut between any two letters."""
    word = "взаимодействию"
    table = Table(
        headers=("№", "Направление", "Организация"),
        rows=(("1", word, "ГБОУ СОШ № 1"),),
        widths_cm=(1.0, 1.9, 14.1),
    )
    lines = _lines(render_pdf(Document(title="t", author="a", blocks=[table])))
    start = next(i for i, line in enumerate(lines) if line.startswith("взаимо"))
    pieces, joined = [], ""
    for line in lines[start:]:
        pieces.append(line)
        joined += line.removesuffix("-")
        if len(joined) >= len(word):
            break
    assert len(pieces) >= 2, lines
    assert all(piece.endswith("-") for piece in pieces[:-1]), pieces
    assert joined == word, pieces


def test_a_word_that_fits_its_column_is_written_without_hyphens():
    table = Table(headers=("Организация",), rows=(("взаимодействию",),), widths_cm=(17.0,))
    lines = _lines(render_pdf(Document(title="t", author="a", blocks=[table])))
    assert "взаимодействию" in lines, lines
