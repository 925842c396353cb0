"""The group materials: a title page, then a chapter per creative group with its whole model."""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from facilitator.materials import docx_common
from facilitator.materials.records import (
    Comment,
    GroupRecord,
    SectionContent,
    SessionMaterials,
    Speaker,
)
from facilitator.materials.russian import (
    date_in_words,
    format_average,
    quoted,
    time_of_day,
    typograph,
)
from facilitator.materials.sanitize import clean_text

_LIST_LINE = re.compile(r"^\s*[-–—•·*]\s+")


def _finish(text: str, language: str) -> str:
    return typograph(text) if language == "ru" else text


def _quote(text: str, language: str) -> str:
    return quoted(text) if language == "ru" else f"“{text}”"


def build_group_materials(materials: SessionMaterials) -> bytes:
    """The groups' models as a Word document in the session's language."""
    with force_locale(materials.session.language):
        return _build(materials)


def _kind_label(kind: str) -> str:
    return {
        "design_session": _("Design session"),
        "strategic_session": _("Strategic session"),
        "seminar": _("Seminar"),
    }.get(kind, _("Design session"))


def _build(materials: SessionMaterials) -> bytes:
    session = materials.session
    language = session.language
    heading = _("Group materials")
    document = docx_common.new_document(
        language, f"{heading}: {session.title}", session.host_organisation
    )
    docx_common.add_logos_header(document, session.logos)
    docx_common.add_page_numbers(document)
    _title_page(document, materials)
    general = [c for c in materials.comments if c.group_id is None]
    for number, group in enumerate(materials.groups, start=1):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _chapter(document, materials, group, number)
    if general:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        title = _("General questions and suggestions")
        docx_common.heading(document, f"{len(materials.groups) + 1}. {title}", level=1)
        _comments(document, general, language)
    return docx_common.to_bytes(document)


def _title_page(document, materials: SessionMaterials) -> None:
    session = materials.session
    language = session.language
    for _index in range(4):
        document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = docx_common.add_text(title, _("Group materials").upper(), bold=True)
    run.font.size = Pt(20)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind = docx_common.add_text(subtitle, _kind_label(session.kind) + "\n")
    kind.font.size = Pt(14)
    name = docx_common.add_text(
        subtitle, _finish(_quote(session.title, language), language), bold=True
    )
    name.font.size = Pt(16)
    when = document.add_paragraph()
    when.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place = ", ".join(x for x in (session.host_organisation, session.venue_beyond_host) if x)
    docx_common.add_text(
        when,
        _finish(
            f"{date_in_words(session.date, language)}, {time_of_day(session.starts_at, language)}"
            + (f"\n{place}" if place else ""),
            language,
        ),
    )
    document.add_paragraph()
    contents = document.add_paragraph()
    docx_common.add_text(contents, _("Contents"), bold=True)
    if not materials.groups:
        docx_common.muted_paragraph(document, _("The session has no creative groups."))
    for number, group in enumerate(materials.groups, start=1):
        line = document.add_paragraph()
        line.paragraph_format.space_after = Pt(2)
        docx_common.add_text(
            line,
            _finish(
                f"{number}. {_quote(group.model_title, language)} — "
                + _("creative group %(name)s", name=group.name),
                language,
            ),
        )


def _chapter(document, materials: SessionMaterials, group: GroupRecord, number: int) -> None:
    language = materials.session.language
    title = _finish(f"{number}. {_quote(group.model_title, language)}", language)
    docx_common.heading(document, title, 1)
    facts = document.add_paragraph()
    docx_common.add_text(facts, _("Creative group") + ": ", bold=True)
    docx_common.add_text(facts, group.name)
    leader = document.add_paragraph()
    docx_common.add_text(leader, _("Group leader") + ": ", bold=True)
    if group.leader:
        details = ", ".join(x for x in (group.leader.position, group.leader.organisation) if x)
        docx_common.add_text(leader, group.leader.full_name + (f" — {details}" if details else ""))
    else:
        docx_common.add_text(leader, _("not named"), italic=True)
    members = document.add_paragraph()
    docx_common.add_text(
        members,
        ngettext("Members (%(num)d person)", "Members (%(num)d people)", len(group.members)),
        bold=True,
    )
    if group.members:
        leader_mark = _("leader")
        docx_common.add_table(
            document,
            ["№", _("Full name"), _("Position"), _("Organisation"), _("City or district")],
            [
                [
                    str(i),
                    m.full_name + (f" ({leader_mark})" if m.is_leader else ""),
                    m.position,
                    m.organisation,
                    m.city,
                ]
                for i, m in enumerate(group.members, start=1)
            ],
            font_size=10,
            widths_cm=(1, 4.5, 3.5, 4.5, 3.5),
        )
    else:
        docx_common.muted_paragraph(document, _("Nobody has joined this group."))
    sections = group.sections
    if not group.has_model:
        docx_common.muted_paragraph(document, _("The group has not filled in its model."))
    else:
        for index, section in enumerate(sections, start=1):
            docx_common.heading(document, f"{number}.{index}. {section.title}", level=2)
            _section(document, section, language)
    next_number = len(sections) + 1 if group.has_model else 1
    open_mic, voting = _("Open microphone"), _("Voting")
    docx_common.heading(document, f"{number}.{next_number}. {open_mic}", level=2)
    _speakers(document, materials.group_speakers(group.id))
    _comments(document, materials.group_comments(group.id), language)
    docx_common.heading(document, f"{number}.{next_number + 1}. {voting}", level=2)
    _votes(document, materials, group)


def _votes(document, materials: SessionMaterials, group: GroupRecord) -> None:
    """What the model got in the voting: dots, or average scores per criterion; its place."""
    language = materials.session.language
    result = materials.model_result(group.id)
    if materials.rating:
        if result is None or result.average is None:
            docx_common.muted_paragraph(document, _("Nobody rated the model."))
            return
        docx_common.body_paragraph(
            document,
            ngettext(
                "Average score: %(score)s of %(max)d (rated by %(num)d person).",
                "Average score: %(score)s of %(max)d (rated by %(num)d people).",
                result.raters,
                score=format_average(result.average, language),
                max=materials.voting.scale_max,
            ),
            indent=False,
        )
        for criterion, average in result.averages:
            item = document.add_paragraph(style="List Bullet")
            score = format_average(average, language) if average is not None else "—"
            docx_common.add_text(item, f"{criterion} — {score}")
    else:
        votes = result.dots if result else 0
        if not votes:
            docx_common.muted_paragraph(document, _("No votes."))
            return
        docx_common.body_paragraph(
            document,
            ngettext(
                "The model received %(num)d vote.", "The model received %(num)d votes.", votes
            ),
            indent=False,
        )
    if result.tied:
        place = _("Place in the voting: %(place)s (shared).", place=result.place_label)
    else:
        place = _("Place in the voting: %(place)s.", place=result.place_label)
    docx_common.body_paragraph(document, place, indent=False)


def _speakers(document, speakers: list[Speaker]) -> None:
    if not speakers:
        return
    names = ", ".join(
        s.full_name + (f" ({s.organisation})" if s.organisation else "") for s in speakers
    )
    paragraph = document.add_paragraph()
    docx_common.add_text(paragraph, _("Spoke at the open microphone") + ": ", bold=True)
    docx_common.add_text(paragraph, names)


def _section(document, section: SectionContent, language: str) -> None:
    if section.is_empty:
        docx_common.muted_paragraph(document, _("The section is empty."))
        return
    if section.kind == "table":
        columns = section.columns or ()
        docx_common.add_table(
            document,
            [c.title for c in columns],
            [[row.get(c.key, "") for c in columns] for row in section.filled_rows],
        )
        document.add_paragraph()
        return
    for line in clean_text(section.text).split("\n"):
        if not line.strip():
            continue
        if _LIST_LINE.match(line):
            item = document.add_paragraph(style="List Bullet")
            docx_common.add_text(item, _LIST_LINE.sub("", line))
        else:
            docx_common.body_paragraph(document, line.strip())


def _comments(document, comments: list[Comment], language: str) -> None:
    if not comments:
        docx_common.muted_paragraph(document, _("No questions or comments."))
        return
    for comment in comments:
        item = document.add_paragraph(style="List Bullet")
        if comment.author:
            docx_common.add_text(item, comment.author + ": ", bold=True)
        docx_common.add_text(item, comment.text)
        if comment.upvotes:
            support = ngettext(
                "supported by %(num)d participant",
                "supported by %(num)d participants",
                comment.upvotes,
            )
            docx_common.add_text(item, f" ({support})", italic=True)
