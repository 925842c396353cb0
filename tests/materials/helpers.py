"""Reading generated files back the way a person's software would."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject

NBSP = "\u00a0"


def open_docx(data: bytes) -> DocumentObject:
    """Reopen a .docx with python-docx."""
    return Document(io.BytesIO(data))


def docx_paragraphs(data: bytes) -> list[str]:
    """Every body paragraph's text, in order."""
    return [p.text for p in open_docx(data).paragraphs]


def docx_text(data: bytes) -> str:
    """The body's paragraphs and table cells, with non-breaking spaces made plain."""
    document = open_docx(data)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts).replace(NBSP, " ")


def plain(text: str) -> str:
    """Non-breaking spaces as plain ones, for phrase checks."""
    return text.replace(NBSP, " ")
