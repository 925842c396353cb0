"""Blocks to Word: the same blocks the PDF prints, with the page and styles of docx_common."""

from __future__ import annotations

import io

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from facilitator.documents import blocks
from facilitator.materials import docx_common
from facilitator.materials.records import Logo

_ALIGN = {blocks.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY, blocks.CENTER: WD_ALIGN_PARAGRAPH.CENTER}


class _Writer(blocks.BlockWriter):
    """Each block into the Word document."""

    def __init__(self, word: DocumentObject) -> None:
        self.word = word

    def paragraph(self, block: blocks.Paragraph) -> None:
        paragraph = self.word.add_paragraph(style="List Bullet" if block.bullet else None)
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

    def heading(self, block: blocks.Heading) -> None:
        heading = docx_common.heading(self.word, block.text, level=block.level)
        heading.paragraph_format.keep_with_next = True

    def table(self, block: blocks.Table) -> None:
        table = docx_common.add_table(
            self.word,
            list(block.headers),
            [list(row) for row in block.rows],
            font_size=int(block.font_size),
            widths_cm=block.widths_cm,
        )
        if block.row_height_cm:
            for row in table.rows[1:]:
                row.height = Cm(block.row_height_cm)
        self.word.add_paragraph().paragraph_format.space_after = Pt(0)

    def picture(self, block: blocks.Picture) -> None:
        picture = self.word.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = bool(block.caption)
        picture.add_run().add_picture(io.BytesIO(block.data), width=Cm(block.width_cm))
        if block.caption:
            label = self.word.add_paragraph()
            label.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = docx_common.add_text(label, block.caption, italic=True)
            run.font.size = Pt(12)

    def page_break(self) -> None:
        self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(document: blocks.Document, logos: tuple[Logo, ...] = ()) -> bytes:
    """The blocks as a Word document with the letterhead logos."""
    word = docx_common.new_document(document.language, document.title, document.author)
    docx_common.add_logos_header(word, logos, first_page_only=document.logos_first_page_only)
    if document.page_numbers:
        docx_common.add_page_numbers(word)
    _Writer(word).write(document.blocks)
    return docx_common.to_bytes(word)
