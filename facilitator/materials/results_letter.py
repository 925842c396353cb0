"""The letter on a session's results, in the shape organisers send after a session (seed 002).

«Уважаемые коллеги!», when and where, the moderators with their positions, the participants by
category, the questions considered, the main result. Each part is written only from facts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from facilitator.documents.blocks import CENTER, LEFT, Document, Paragraph, Run, para
from facilitator.documents.pdf import render_pdf
from facilitator.materials.docx_blocks import render_docx
from facilitator.materials.facts import PostReleaseFacts, gather_facts
from facilitator.materials.records import SessionMaterials
from facilitator.materials.wording import ru
from facilitator.text.numbers import NBSP
from facilitator.text.typography import join_words, quoted, typograph

#: Categories of participants by their position, in the order a letter lists them
CATEGORIES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "officials",
        "специалисты органов управления образованием",
        re.compile(r"специалист|отдел\w* образования|комитет|департамент|администрац", re.I),
    ),
    (
        "leaders",
        "руководители образовательных организаций и их заместители",
        re.compile(r"директор|заведующ|начальник|руководител|ректор", re.I),
    ),
    ("methodists", "методисты", re.compile(r"методист", re.I)),
    (
        "teachers",
        "педагоги",
        re.compile(
            r"учител|педагог|преподавател|воспитател|тьютор|советник|психолог|логопед|"
            r"дефектолог|мастер|концертмейстер|библиотекар",
            re.I,
        ),
    ),
    ("students", "студенты и обучающиеся", re.compile(r"студент|обучающ|учени|школьни", re.I)),
)
OTHERS = "другие участники"
KIND_GENITIVE = {"design_session": "дизайн-сессии", "strategic_session": "сессии"}


def categorise(positions: Iterable[str]) -> list[tuple[str, int]]:
    """How many participants are in each category, in the letter's order; empty ones left out."""
    counts: Counter[str] = Counter()
    for position in positions:
        label = next((label for _k, label, rule in CATEGORIES if rule.search(position)), OTHERS)
        counts[label] += 1
    order = [label for _k, label, _r in CATEGORIES] + [OTHERS]
    return [(label, counts[label]) for label in order if counts[label]]


def _title(facts: PostReleaseFacts) -> str:
    kind = KIND_GENITIVE.get(facts.session.kind, "семинара")
    return f"Об итогах {kind}\n{quoted(facts.session.title)}"


def _moderators(facts: PostReleaseFacts) -> str:
    names = [m.rstrip(" .;") for m in facts.session.moderators if m.strip(" .;")]
    if not names:
        return ""
    if len(names) == 1:
        return f"Модератором выступил(а): {names[0]}."
    return "Модераторами выступили: " + "; ".join(names) + "."


def _participants(facts: PostReleaseFacts) -> str:
    if not facts.people:
        return ""
    text = ru.took_part(facts)
    categories = categorise(p.position for p in facts.materials.participants)
    if categories and not (len(categories) == 1 and categories[0][0] == OTHERS):
        text += f"{NBSP}— " + "; ".join(f"{label} ({count})" for label, count in categories)
    return text + "."


def _questions(facts: PostReleaseFacts) -> list[str]:
    items = []
    for talk in facts.talks:
        if talk.opening or not talk.topic:
            continue
        items.append(quoted(talk.topic) + (f" ({talk.speaker})" if talk.speaker else ""))
    if facts.models:
        titles = join_words([quoted(m.title) for m in facts.models])
        noun = "модели" if len(facts.models) == 1 else "моделей"
        items.append(f"проектирование {noun} взаимодействия {titles}")
    if facts.ranking:
        items.append("публичное представление и обсуждение моделей, голосование за лучшую")
    return items


def results_letter_document(materials: SessionMaterials) -> Document:
    """The letter as blocks, in Russian (the letter is a Russian genre)."""
    facts = gather_facts(materials)
    session = facts.session
    document = Document(
        title=f"Об итогах: {session.title}",
        author=session.host_organisation or session.contact_name,
        language="ru",
        logos=tuple(logo.data for logo in session.logos),
    )
    t = typograph
    document.add(Paragraph((Run(t(_title(facts)), bold=True),), align=CENTER, size=15))
    document.add(Paragraph((Run("Уважаемые коллеги!", bold=True),), align=CENTER, space_after=12))
    body = [
        ru.opening(facts),
        ru.organisers(facts),
        ru.theme(facts),
        _moderators(facts),
        ru.officials(facts),
        _participants(facts),
    ]
    for text in filter(None, body):
        document.add(para(t(text), indent=True))
    questions = _questions(facts)
    if questions:
        document.add(para("Участники рассмотрели следующие вопросы:", indent=True))
        for index, item in enumerate(questions):
            end = "." if index == len(questions) - 1 else ";"
            document.add(para(t(item + end), bullet=True, align=LEFT))
    for text in filter(None, (ru.result(facts), ru.next_steps(facts), ru.contact(facts))):
        document.add(para(t(text), indent=True))
    return document


def build_results_letter(materials: SessionMaterials) -> bytes:
    """The letter as a Word document."""
    return render_docx(results_letter_document(materials), materials.session.logos)


def build_results_letter_pdf(materials: SessionMaterials) -> bytes:
    """The letter as a PDF."""
    return render_pdf(results_letter_document(materials))
