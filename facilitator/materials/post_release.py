"""The post-release: paragraphs generated from the data, the organiser's edits, the .docx."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from facilitator.documents.blocks import CENTER, Document, Paragraph, Picture, Run, para
from facilitator.documents.pdf import render_pdf
from facilitator.materials.chart import Bar, render_chart
from facilitator.materials.docx_blocks import render_docx
from facilitator.materials.facts import PostReleaseFacts, gather_facts
from facilitator.materials.records import SessionMaterials
from facilitator.materials.wording import for_language, written_paragraphs
from facilitator.text.sanitize import clean_text
from facilitator.text.typography import typograph

#: Paragraphs printed as a bulleted list, one item per line
LIST_KEYS = frozenset({"models"})
HEADING_KEY = "heading"
CHART_AFTER = "survey"
CHART_WIDTH_CM = 15
#: Photos stay small so a post-release with a few of them still fits two pages
PHOTO_WIDTH_CM = 8
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


def tidy(text: str) -> str:
    """Text as stored: cleaned, Unix line ends, no trailing blanks; typography kept as typed."""
    lines = clean_text(text).split("\n")
    return "\n".join(line.rstrip(" \t") for line in lines).strip(" \t\n")


def normalise(text: str) -> str:
    """Text as compared: tidied, with no-break spaces as plain ones."""
    return tidy(text.replace("\u00a0", " "))


def generated_paragraphs(materials: SessionMaterials) -> dict[str, str]:
    """Every paragraph as the data gives it, in print order."""
    return written_paragraphs(gather_facts(materials))


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
        Bar(wording.CHART.label(q), q.top, q.answered)
        for q in facts.survey
        if q.is_closed and q.answered
    ]
    if not bars or not facts.survey_respondents:
        return None
    return render_chart(bars, wording.CHART.title(facts), facts.session.language)


def post_release_document(
    materials: SessionMaterials,
    edits: Mapping[str, str] | None = None,
    photos: Sequence[bytes] | None = None,
) -> Document:
    """The post-release as blocks: the heading, the paragraphs, the survey chart, the photos."""
    session = materials.session
    language = session.language
    facts = gather_facts(materials)
    wording = for_language(language)
    document = Document(
        title=session.title,
        author=session.host_organisation or session.contact_name,
        language=language,
        logos=tuple(logo.data for logo in session.logos),
    )
    paragraphs = draft(materials, edits)
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if paragraph.key == HEADING_KEY:
            if text:
                document.add(_heading(_finish(text, language)))
        elif paragraph.is_list:
            for line in filter(None, (_LIST_MARKER.sub("", ln).strip() for ln in text.split("\n"))):
                document.add(para(_finish(line, language), bullet=True))
        else:
            # A lead-in ending with a colon stays on the page of the list it introduces.
            leads = following is not None and following.is_list and text.endswith(":")
            for block in filter(None, (b.strip() for b in text.split("\n"))):
                document.add(para(_finish(block, language), indent=True, keep_with_next=leads))
        if paragraph.key == CHART_AFTER:
            image = _chart(facts)
            if image:
                caption = _finish(wording.CHART.caption(facts), language)
                document.add(Picture(image, CHART_WIDTH_CM, caption))
    for photo in materials.photos if photos is None else photos:
        document.add(Picture(photo, PHOTO_WIDTH_CM))
    return document


def build_post_release(
    materials: SessionMaterials,
    edits: Mapping[str, str] | None = None,
    photos: Sequence[bytes] | None = None,
) -> bytes:
    """The post-release as a Word document."""
    return render_docx(post_release_document(materials, edits, photos), materials.session.logos)


def build_post_release_pdf(
    materials: SessionMaterials,
    edits: Mapping[str, str] | None = None,
    photos: Sequence[bytes] | None = None,
) -> bytes:
    """The post-release as a PDF."""
    return render_pdf(post_release_document(materials, edits, photos))


def _heading(text: str) -> Paragraph:
    lines = [line.strip() for line in text.split("\n")]
    return Paragraph((Run("\n".join(lines), bold=True),), align=CENTER, size=16, space_after=12)
