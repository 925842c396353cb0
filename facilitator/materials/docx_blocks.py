"""Blocks to Word: the same blocks the PDF prints, with the page and styles of docx_common."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from facilitator.documents.blocks import (
    CENTER,
    JUSTIFY,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Picture,
    Table,
)
from facilitator.materials import docx_common
from facilitator.materials.records import Logo

_ALIGN = {JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY, CENTER: WD_ALIGN_PARAGRAPH.CENTER}


def _paragraph(document, block: Paragraph) -> None:
    paragraph = document.add_paragraph(style="List Bullet" if block.bullet else None)
    if block.align in _ALIGN:
        paragraph.alignment = _ALIGN[block.align]
    if block.indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    if block.space_after is not None:
        paragraph.paragraph_format.space_after = Pt(block.space_after)
    if block.keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    for run in block.runs:
        added = docx_common.add_text(paragraph, run.text, bold=run.bold, italic=run.italic)
        if block.size:
            added.font.size = Pt(block.size)
        if block.muted:
            added.italic = True
            added.font.color.rgb = docx_common.MUTED


def _picture(document, block: Picture) -> None:
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = bool(block.caption)
    picture.add_run().add_picture(io.BytesIO(block.data), width=Cm(block.width_cm))
    if block.caption:
        label = document.add_paragraph()
        label.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = docx_common.add_text(label, block.caption, italic=True)
        run.font.size = Pt(12)


def render_docx(document: Document, logos: tuple[Logo, ...] = ()) -> bytes:
    """The blocks as a Word document with the letterhead logos."""
    word = docx_common.new_document(document.language, document.title, document.author)
    docx_common.add_logos_header(word, logos, first_page_only=document.logos_first_page_only)
    if document.page_numbers:
        docx_common.add_page_numbers(word)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            _paragraph(word, block)
        elif isinstance(block, Heading):
            heading = docx_common.heading(word, block.text, level=block.level)
            heading.paragraph_format.keep_with_next = True
        elif isinstance(block, Table):
            table = docx_common.add_table(
                word,
                list(block.headers),
                [list(row) for row in block.rows],
                font_size=int(block.font_size),
                widths_cm=block.widths_cm,
            )
            if block.row_height_cm:
                for row in table.rows[1:]:
                    row.height = Cm(block.row_height_cm)
            word.add_paragraph().paragraph_format.space_after = Pt(0)
        elif isinstance(block, Picture):
            _picture(word, block)
        elif isinstance(block, PageBreak):
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return docx_common.to_bytes(word)
