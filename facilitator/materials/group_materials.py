"""The group materials: a title page, then a chapter per creative group with what it filled in.

Built once as blocks and printed the same to Word and PDF. Sections a group left empty are not
printed; one line at the end of the chapter names them. Nothing is said of votes or comments a
model did not get.
"""

from __future__ import annotations

import re

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from facilitator.documents.blocks import (
    CENTER,
    LEFT,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Run,
    Table,
    labelled,
    para,
)
from facilitator.documents.pdf import render_pdf
from facilitator.materials.docx_blocks import render_docx
from facilitator.materials.records import (
    Comment,
    GroupRecord,
    ModelResult,
    SectionContent,
    SessionMaterials,
    Speaker,
)
from facilitator.text.dates import date_in_words, time_of_day
from facilitator.text.numbers import counted, format_average, place_in_words
from facilitator.text.sanitize import clean_text
from facilitator.text.typography import quoted, typograph

_LIST_LINE = re.compile(r"^\s*[-–—•·*]\s+")
VOTES = ("голос", "голоса", "голосов")
OTHER_MODELS = ("другой моделью", "другими моделями", "другими моделями")
MEMBER_WIDTHS = (1.0, 4.5, 3.5, 4.5, 3.5)
TITLE_KEY = "title"


class _Writer:
    """Blocks in the session's language, with Russian typography on every text."""

    def __init__(self, materials: SessionMaterials) -> None:
        self.materials = materials
        self.language = materials.session.language
        self.document = Document(
            title=f"{_('Group materials')}: {materials.session.title}",
            author=materials.session.host_organisation,
            language=self.language,
            logos=tuple(logo.data for logo in materials.session.logos),
            logos_first_page_only=False,
            page_numbers=True,
        )

    def t(self, text: str) -> str:
        """Text finished for print: «№ 5», «А. С. Иванова», «ёлочки»."""
        return typograph(text) if self.language == "ru" else text

    def q(self, text: str) -> str:
        """A name in the language's quotes."""
        return quoted(text) if self.language == "ru" else f"“{text}”"

    def add(self, *blocks) -> None:
        """Append blocks."""
        self.document.add(*blocks)

    def muted(self, text: str) -> None:
        """A grey line."""
        self.add(para(self.t(text), align=LEFT, muted=True))


def _same_name(group: GroupRecord) -> bool:
    """Whether the group is named after its model, so the name need not be said twice."""

    def bare(text: str) -> str:
        return " ".join(text.strip('«»"“” ').split()).casefold()

    return bare(group.name) == bare(group.model_title)


def group_materials_document(materials: SessionMaterials) -> Document:
    """The groups' models as blocks, in the session's language."""
    with force_locale(materials.session.language):
        writer = _Writer(materials)
        _title_page(writer)
        for number, group in enumerate(materials.groups, start=1):
            writer.add(PageBreak())
            _chapter(writer, group, number)
        general = [c for c in materials.comments if c.group_id is None]
        if general:
            writer.add(PageBreak())
            title = _("General questions and suggestions")
            writer.add(Heading(f"{len(materials.groups) + 1}. {title}", 1))
            _comments(writer, general)
        return writer.document


def build_group_materials(materials: SessionMaterials) -> bytes:
    """The groups' models as a Word document."""
    return render_docx(group_materials_document(materials), materials.session.logos)


def build_group_materials_pdf(materials: SessionMaterials) -> bytes:
    """The groups' models as a PDF."""
    return render_pdf(group_materials_document(materials))


def _kind_label(kind: str) -> str:
    return {
        "design_session": _("Design session"),
        "strategic_session": _("Strategic session"),
        "seminar": _("Seminar"),
    }.get(kind, _("Design session"))


def _title_page(w: _Writer) -> None:
    session = w.materials.session
    for _index in range(4):
        w.add(para("", align=LEFT))
    w.add(Paragraph((Run(_("Group materials").upper(), bold=True),), align=CENTER, size=20))
    w.add(
        Paragraph(
            (Run(_kind_label(session.kind) + "\n"), Run(w.t(w.q(session.title)), bold=True)),
            align=CENTER,
            size=16,
        )
    )
    place = ", ".join(x for x in (session.host_organisation, session.venue_beyond_host) if x)
    when = (
        f"{date_in_words(session.date, w.language)}, {time_of_day(session.starts_at, w.language)}"
    )
    w.add(para(w.t(when + (f"\n{place}" if place else "")), align=CENTER))
    w.add(para("", align=LEFT))
    w.add(Paragraph((Run(_("Contents"), bold=True),), align=LEFT))
    if not w.materials.groups:
        w.muted(_("The session has no creative groups."))
    for number, group in enumerate(w.materials.groups, start=1):
        text = f"{number}. {w.q(group.model_title)}"
        if not _same_name(group):
            text += " — " + _("creative group %(name)s", name=group.name)
        w.add(para(w.t(text), align=LEFT, space_after=2))


def _chapter(w: _Writer, group: GroupRecord, number: int) -> None:
    w.add(Heading(w.t(f"{number}. {w.q(group.model_title)}"), 1))
    if not _same_name(group):
        w.add(labelled(_("Creative group"), w.t(group.name)))
    if group.leader:
        leader = group.leader
        details = ", ".join(x for x in (leader.position, leader.organisation) if x)
        w.add(
            labelled(
                _("Group leader"), w.t(leader.full_name + (f" — {details}" if details else ""))
            )
        )
    count = len(group.members)
    w.add(
        Paragraph(
            (
                Run(
                    ngettext("Members (%(num)d person)", "Members (%(num)d people)", count),
                    bold=True,
                ),
            ),
            align=LEFT,
            keep_with_next=True,
        )
    )
    if group.members:
        leader_mark = _("leader")
        rows = tuple(
            tuple(
                w.t(value)
                for value in (
                    str(i),
                    m.full_name + (f" ({leader_mark})" if m.is_leader else ""),
                    m.position,
                    m.organisation,
                    m.city,
                )
            )
            for i, m in enumerate(group.members, start=1)
        )
        headers = ("№", _("Full name"), _("Position"), _("Organisation"), _("City or district"))
        w.add(Table(headers, rows, MEMBER_WIDTHS, font_size=10))
    else:
        w.muted(_("Nobody has joined this group."))
    if not group.has_model:
        w.muted(_("The group has not filled in its model."))
    index = 0
    # The title section is the chapter's heading already.
    shown = (s for s in group.sections if not s.is_empty and s.key != TITLE_KEY)
    for index, section in enumerate(shown, start=1):
        w.add(Heading(w.t(f"{number}.{index}. {section.title}"), 2))
        _section(w, section)
    speakers = w.materials.group_speakers(group.id)
    comments = w.materials.group_comments(group.id)
    if speakers or comments:
        index += 1
        w.add(Heading(f"{number}.{index}. {_('Open microphone')}", 2))
        _speakers(w, speakers)
        _comments(w, comments)
    if _has_result(w.materials, group):
        index += 1
        w.add(Heading(f"{number}.{index}. {_('Voting')}", 2))
        _votes(w, group)
    empty = [s.title for s in group.sections if s.is_empty]
    if group.has_model and empty:
        w.muted(_("Not filled in: %(sections)s.", sections="; ".join(empty)))


def _has_result(materials: SessionMaterials, group: GroupRecord) -> bool:
    result = materials.model_result(group.id)
    if result is None:
        return False
    return result.average is not None if materials.rating else result.dots > 0


def _votes(w: _Writer, group: GroupRecord) -> None:
    """What the model got in the voting: dots, or average scores per criterion; its place."""
    materials = w.materials
    result = materials.model_result(group.id)
    assert result is not None
    if materials.rating:
        text = ngettext(
            "Average score: %(score)s of %(max)d (rated by %(num)d person).",
            "Average score: %(score)s of %(max)d (rated by %(num)d people).",
            result.raters,
            score=format_average(result.average or 0, w.language),
            max=materials.voting.scale_max,
        )
        w.add(para(w.t(text)))
        for criterion, average in result.averages:
            score = format_average(average, w.language) if average is not None else "—"
            w.add(para(w.t(f"{criterion} — {score}"), bullet=True, align=LEFT))
    elif w.language == "ru":
        # One sentence, as a person says it: «…получила девять голосов и заняла первое место».
        text = f"Модель получила {counted(result.dots, VOTES, 'accs')} и {place_phrase_ru(result)}."
        w.add(para(w.t(text)))
        return
    else:
        text = ngettext(
            "The model received %(num)d vote.", "The model received %(num)d votes.", result.dots
        )
        w.add(para(w.t(text)))
    w.add(para(w.t(_place(w.language, result))))


def _place(language: str, result: ModelResult) -> str:
    """The model's place as a sentence of its own."""
    if language == "ru":
        return f"По итогам голосования модель {place_phrase_ru(result)}."
    if result.tied:
        return _("Place in the voting: %(place)s (shared).", place=result.place_label)
    return _("Place in the voting: %(place)s.", place=result.place_label)


def place_phrase_ru(result: ModelResult) -> str:
    """«заняла первое место», «разделила первое место с ещё одной моделью»."""
    place = f"{place_in_words(result.place)} место"
    if not result.tied:
        return f"заняла {place}"
    others = result.place_to - result.place
    if others == 1:
        return f"разделила {place} с ещё одной моделью"
    return f"разделила {place} с {counted(others, OTHER_MODELS, 'ablt')}"


def _speakers(w: _Writer, speakers: list[Speaker]) -> None:
    if not speakers:
        return
    names = ", ".join(
        s.full_name + (f" ({s.organisation})" if s.organisation else "") for s in speakers
    )
    w.add(labelled(_("Spoke at the open microphone"), w.t(names)))


def _section(w: _Writer, section: SectionContent) -> None:
    if section.kind == "table":
        columns = section.columns or ()
        rows = tuple(
            tuple(w.t(str(row.get(c.key, ""))) for c in columns) for row in section.filled_rows
        )
        w.add(Table(tuple(w.t(c.title) for c in columns), rows))
        return
    for line in clean_text(section.text).split("\n"):
        if not line.strip():
            continue
        if _LIST_LINE.match(line):
            w.add(para(w.t(_LIST_LINE.sub("", line)), bullet=True, align=LEFT))
        else:
            w.add(para(w.t(line.strip()), indent=True))


def _comments(w: _Writer, comments: list[Comment]) -> None:
    for comment in comments:
        runs = []
        if comment.author:
            runs.append(Run(w.t(comment.author) + ": ", bold=True))
        runs.append(Run(w.t(comment.text)))
        if comment.upvotes:
            support = ngettext(
                "supported by %(num)d participant",
                "supported by %(num)d participants",
                comment.upvotes,
            )
            runs.append(Run(f" ({support})", italic=True))
        w.add(Paragraph(tuple(runs), bullet=True, align=LEFT))
