"""The post-release: paragraphs generated from the data, the organiser's edits, the .docx."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from facilitator.materials import docx_common
from facilitator.materials.chart import Bar, render_chart
from facilitator.materials.facts import PostReleaseFacts, gather_facts
from facilitator.materials.records import SessionMaterials
from facilitator.materials.russian import typograph
from facilitator.materials.sanitize import clean_text
from facilitator.materials.wording import for_language

#: Paragraphs printed as a bulleted list, one item per line
LIST_KEYS = frozenset({"models"})
HEADING_KEY = "heading"
CHART_AFTER = "survey"
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•·*]|\d+[.)])\s+")


@dataclass(frozen=True)
class DraftParagraph:
    """One paragraph of the post-release: what the data says and what will be printed."""

    key: str
    generated: str
    text: str
    edited: bool

    @property
    def is_list(self) -> bool:
        """Whether the paragraph prints as a list, one item per line."""
        return self.key in LIST_KEYS


def normalise(text: str) -> str:
    """Text as compared and stored: cleaned, Unix line ends, no trailing blanks on lines."""
    lines = clean_text(text).replace("\u00a0", " ").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def generated_paragraphs(materials: SessionMaterials) -> dict[str, str]:
    """Every paragraph as the data gives it, in print order."""
    return for_language(materials.session.language).paragraphs(gather_facts(materials))


def draft(
    materials: SessionMaterials, edits: Mapping[str, str] | None = None
) -> list[DraftParagraph]:
    """The paragraphs to print: the organiser's edit where there is one, else the generated text."""
    edits = edits or {}
    paragraphs = []
    for key, generated in generated_paragraphs(materials).items():
        edited = key in edits
        paragraphs.append(
            DraftParagraph(key, generated, edits[key] if edited else generated, edited)
        )
    return paragraphs


def _finish(text: str, language: str) -> str:
    return typograph(text) if language == "ru" else text


def _chart(facts: PostReleaseFacts) -> bytes | None:
    wording = for_language(facts.session.language)
    bars = [
        Bar(wording.chart_label(q), q.top, q.answered)
        for q in facts.survey
        if q.is_closed and q.answered
    ]
    if not bars or not facts.survey_respondents:
        return None
    return render_chart(bars, wording.chart_title(facts), facts.session.language)


def build_post_release(
    materials: SessionMaterials, edits: Mapping[str, str] | None = None
) -> bytes:
    """The post-release as a Word document."""
    session = materials.session
    language = session.language
    facts = gather_facts(materials)
    wording = for_language(language)
    document = docx_common.new_document(
        language, session.title, session.host_organisation or session.contact_name
    )
    docx_common.add_logos_header(document, session.logos, first_page_only=True)
    for paragraph in draft(materials, edits):
        text = paragraph.text.strip()
        if paragraph.key == HEADING_KEY:
            if text:
                _heading(document, _finish(text, language))
        elif paragraph.is_list:
            for line in filter(None, (_LIST_MARKER.sub("", ln).strip() for ln in text.split("\n"))):
                item = document.add_paragraph(style="List Bullet")
                docx_common.add_text(item, _finish(line, language))
        else:
            for block in filter(None, (b.strip() for b in text.split("\n"))):
                docx_common.body_paragraph(document, _finish(block, language))
        if paragraph.key == CHART_AFTER:
            image = _chart(facts)
            if image:
                _add_chart(document, image, _finish(wording.chart_caption(facts), language))
    return docx_common.to_bytes(document)


def _heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(18)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = docx_common.add_text(paragraph, line.strip(), bold=True)
        run.font.size = Pt(16)
        if index < len(lines) - 1:
            run.add_break()


def _add_chart(document, image: bytes, caption: str) -> None:
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(image), width=Cm(16))
    label = document.add_paragraph()
    label.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = docx_common.add_text(label, caption, italic=True)
    run.font.size = Pt(12)
