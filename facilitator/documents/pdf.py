"""Blocks to PDF with fpdf2 and the DejaVu Serif fonts shipped in the package (no office suite).

Every text is written as literal text (no markup is read from it), so what people typed prints as
typed. Other documents (certificates, attendance sheets) can render their own blocks here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

from facilitator.documents.blocks import (
    CENTER,
    JUSTIFY,
    BlockWriter,
    Document,
    Heading,
    Paragraph,
    Picture,
    Table,
)
from facilitator.text.hyphens import soft_hyphens
from facilitator.text.sanitize import clean_text

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSerif"
#: Body size in points: a little smaller than Word's 14, as DejaVu runs wider than Times
BODY = 12
HEADINGS = {1: 14, 2: 12.5, 3: 12}
MUTED = (0x5B, 0x64, 0x72)
HEADER_FILL = (0xE9, 0xED, 0xF3)
_ALIGN = {JUSTIFY: Align.J, CENTER: Align.C}
#: Room a heading needs below it, in mm, so it never ends a page alone
_KEEP_ROOM = 25
#: A hyphen between letters («педагог-организатор»)
_COMPOUND_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
ZERO_WIDTH_SPACE = "\u200b"


class _Pdf(FPDF):
    """A4 with Russian margins, logos on the first page and page numbers at the foot."""

    def __init__(self, document: Document) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document = document
        self.set_margins(left=25, top=20, right=15)
        self.set_auto_page_break(True, margin=20)
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSerif.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
        self.add_font(FAMILY, "I", str(FONTS / "DejaVuSerif-Italic.ttf"))
        self.set_title(clean_text(document.title)[:250])
        self.set_author(clean_text(document.author)[:250] or "Facilitator")
        self.set_lang("ru-RU" if document.language == "ru" else "en-GB")
        self.set_creator("Facilitator")

    def header(self) -> None:
        logos = self.document.logos
        if not logos or (self.document.logos_first_page_only and self.page_no() != 1):
            return
        height, gap = 15, 5
        widths = [_image_width(data, height) for data in logos]
        x = (self.w - sum(widths) - gap * (len(widths) - 1)) / 2
        for data, width in zip(logos, widths, strict=True):
            self.image(io.BytesIO(data), x=x, y=8, h=height)
            x += width + gap
        self.set_y(8 + height + 6)

    def footer(self) -> None:
        if not self.document.page_numbers:
            return
        self.set_y(-14)
        self.set_font(FAMILY, "", 9)
        self.cell(0, 6, str(self.page_no()), align=Align.C)


def breakable_after_hyphens(text: str) -> str:
    """Let a line break after a compound word's hyphen, as Word does.

    fpdf2 breaks lines only at spaces, so a compound word wider than a narrow table column was
    cut between two letters («педагог-организато» / «р»). Only for flush-left text: in justified
    text fpdf2 would stretch the zero-width space like a word space.
    """
    return _COMPOUND_HYPHEN.sub("-" + ZERO_WIDTH_SPACE, text)


def _image_width(data: bytes, height: float) -> float:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return height * image.width / max(image.height, 1)


class _Writer(BlockWriter):
    """Each block onto the PDF's pages."""

    def __init__(self, pdf: _Pdf) -> None:
        self.pdf = pdf

    def paragraph(self, block: Paragraph) -> None:
        pdf = self.pdf
        size = block.size or BODY
        if block.muted:
            pdf.set_text_color(*MUTED)
        after = 2 if block.space_after is None else block.space_after * 0.3528
        pdf.set_font(FAMILY, "", size)
        columns = pdf.text_columns(text_align=_ALIGN.get(block.align, Align.L), line_height=1.2)
        with columns as cols:
            paragraph = cols.paragraph(
                first_line_indent=12.5 if block.indent else 0,
                bottom_margin=after,
                indent=6 if block.bullet else 0,
                bullet_string="•" if block.bullet else "",
            )
            with paragraph:
                for run in block.runs:
                    style = ("B" if run.bold else "") + ("I" if run.italic or block.muted else "")
                    pdf.set_font(FAMILY, style, size)
                    paragraph.write(clean_text(run.text))
        pdf.set_text_color(0, 0, 0)

    def heading(self, block: Heading) -> None:
        pdf = self.pdf
        if pdf.will_page_break(_KEEP_ROOM):
            pdf.add_page()
        pdf.set_font(FAMILY, "B", HEADINGS.get(block.level, BODY))
        pdf.ln(3 if block.level == 1 else 1.5)
        # Flush left: multi_cell justifies by default, which opens wide gaps in a short line.
        pdf.multi_cell(
            0, 7, clean_text(block.text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(1.5)

    def table(self, block: Table) -> None:
        pdf = self.pdf
        size = max(block.font_size - 1.5, 8)
        pdf.set_font(FAMILY, "", size)
        if block.widths_cm:
            widths: Sequence[float] = block.widths_cm
        else:
            widths = [1] * len(block.headers)
        with pdf.table(
            col_widths=tuple(widths),
            width=pdf.epw,
            align=Align.L,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
            repeat_headings=1,
            line_height=size * 0.5,
            text_align=Align.L,
            borders_layout=TableBordersLayout.ALL,
            markdown=False,
            min_row_height=block.row_height_cm * 10 if block.row_height_cm else None,
        ) as table:
            for values in (block.headers, *block.rows):
                row = table.row()
                for value in values:
                    # A long word wider than its column breaks at a syllable, with a hyphen;
                    # a compound breaks after its own hyphen.
                    text = soft_hyphens(clean_text(value), in_compounds=False)
                    row.cell(breakable_after_hyphens(text))
        pdf.ln(3)

    def picture(self, block: Picture) -> None:
        pdf = self.pdf
        width = min(block.width_cm * 10, pdf.epw)
        height = width / max(_image_width(block.data, 1), 0.01)
        if pdf.will_page_break(height + (10 if block.caption else 0)):
            pdf.add_page()
        pdf.image(io.BytesIO(block.data), x=pdf.l_margin + (pdf.epw - width) / 2, w=width)
        if block.caption:
            pdf.set_font(FAMILY, "I", 10)
            pdf.multi_cell(0, 5, clean_text(block.caption), align=Align.C)
        pdf.ln(2)

    def page_break(self) -> None:
        self.pdf.add_page()


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    pdf = _Pdf(document)
    pdf.add_page()
    _Writer(pdf).write(document.blocks)
    return bytes(pdf.output())
