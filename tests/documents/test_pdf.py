"""Blocks to PDF: how headings and table cells are set on the page."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ContentStream

from facilitator.documents.blocks import Document, Heading
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
