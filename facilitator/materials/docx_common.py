"""Word helpers shared by the post-release and the group materials: page, fonts, header, tables."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from facilitator.materials.records import Logo
from facilitator.text.sanitize import clean_text

FONT = "Times New Roman"
LANGUAGE_TAGS = {"ru": "ru-RU", "en": "en-GB"}
LOGO_HEIGHT = Cm(1.7)
MUTED = RGBColor(0x5B, 0x64, 0x72)


def new_document(language: str, title: str, author: str) -> DocumentObject:
    """An A4 document with Times New Roman 14, Russian margins and the language set for spelling."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = Cm(0.8)
    styles = document.styles
    for name, size in (("Normal", 14), ("List Bullet", 14), ("List Number", 14)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        _set_fonts(style.element, language)
    normal = styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.15
    # No paragraph leaves a single line alone at the top or foot of a page.
    normal.widow_control = True
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element, language)
    styles["Heading 1"].font.size = Pt(16)
    styles["Heading 2"].font.size = Pt(14)
    styles["Heading 3"].font.size = Pt(13)
    properties = document.core_properties
    properties.title = clean_text(title)[:250]
    properties.author = clean_text(author)[:250] or "Facilitator"
    properties.language = LANGUAGE_TAGS.get(language, language)
    return document


def _set_fonts(style_element, language: str) -> None:
    """Set the font for Cyrillic and complex scripts too, and the proofing language."""
    rpr = style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    # Theme fonts (Calibri Light in headings) would win over the named font.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE_TAGS.get(language, language))


def add_logos_header(
    document: DocumentObject, logos: Sequence[Logo], first_page_only: bool = False
) -> None:
    """Put the organisations' logos side by side in the page header, as on a letterhead."""
    if not logos:
        return
    section = document.sections[0]
    # Room for the logos, so the text never runs under them.
    section.top_margin = section.header_distance + LOGO_HEIGHT + Cm(0.6)
    available = section.page_width - section.left_margin - section.right_margin
    ratios = [logo.width / max(logo.height, 1) for logo in logos]
    gap = Cm(0.5)
    height = min(LOGO_HEIGHT, int((available - gap * len(logos)) / max(sum(ratios), 0.01)))
    if first_page_only:
        section.different_first_page_header_footer = True
        header = section.first_page_header
    else:
        header = section.header
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, logo in enumerate(logos):
        run = paragraph.add_run()
        if index:
            run.add_text("    ")
        run.add_picture(io.BytesIO(logo.data), height=height)


def add_page_numbers(document: DocumentObject) -> None:
    """A centred page number in the footer."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(10)


def add_text(paragraph: Paragraph, text: str, bold: bool = False, italic: bool = False):
    """Add cleaned text as a run; line breaks inside stay line breaks."""
    run = paragraph.add_run(clean_text(text))
    run.bold = bold or None
    run.italic = italic or None
    return run


def heading(document: DocumentObject, text: str, level: int = 1) -> Paragraph:
    """A heading with cleaned text."""
    return document.add_heading(clean_text(text), level=level)


def body_paragraph(document: DocumentObject, text: str, indent: bool = True) -> Paragraph:
    """A justified paragraph with a first-line indent, as in official letters."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    add_text(paragraph, text)
    return paragraph


def muted_paragraph(document: DocumentObject, text: str) -> Paragraph:
    """A grey italic line that says something is missing."""
    paragraph = document.add_paragraph()
    run = add_text(paragraph, text, italic=True)
    run.font.color.rgb = MUTED
    return paragraph


def mark_header_row(table: Table) -> None:
    """Make the first row a bold header that repeats on every page."""
    row = table.rows[0]
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "E9EDF3")
        cell._tc.get_or_add_tcPr().append(shading)


def text_width(document: DocumentObject) -> int:
    """The width between the margins, in EMU."""
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def _fix_widths(table: Table, widths: Sequence[int]) -> None:
    """Declare the same widths in the grid, the cells and the table, with a fixed layout.

    Word reads the cells' widths and LibreOffice the grid's; when they disagree each draws its
    own table, so both are written, and the fixed layout keeps long words from widening a column.
    """
    table.autofit = False
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(round(width / 635)))  # EMU → twentieths of a point
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    properties = table._tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.append(table_width)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(round(sum(widths) / 635)))
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        properties.append(layout)
    layout.set(qn("w:type"), "fixed")


def add_table(
    document: DocumentObject,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    font_size: int = 11,
    widths_cm: Sequence[float] | None = None,
    finish: Callable[[str], str] | None = None,
) -> Table:
    """A bordered table with a header row; every cell's text is cleaned and kept literal.

    Without ``widths_cm`` the columns share the text width equally; ``finish`` applies the
    document language's typography to every cell.
    """
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if widths_cm:
        widths = [int(Cm(w)) for w in widths_cm]
    else:
        widths = [text_width(document) // max(len(headers), 1)] * len(headers)
    _fix_widths(table, widths)
    all_rows = [list(headers), *[list(r) for r in rows]]
    for row, values in zip(table.rows, all_rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            text = clean_text(value)
            run = paragraph.add_run(finish(text) if finish else text)
            run.font.size = Pt(font_size)
    mark_header_row(table)
    return table


def keep_with_next(paragraph: Paragraph) -> Paragraph:
    """Keep a heading or a lead-in on the page of what follows it."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def to_bytes(document: DocumentObject) -> bytes:
    """The document as .docx bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
