"""Editing a session's interaction-model template: sections, their order, table columns."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions import model_templates, ordering
from facilitator.sessions.models import DesignSession, ModelTemplate, TemplateSection
from facilitator.sessions.phases import SectionKind

log = logging.getLogger(__name__)

KEY_LENGTH = 64
MAX_COLUMNS = 12
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN.split(" "), strict=True))


def slug(title: str, fallback: str = "section") -> str:
    """An ASCII identifier made from a title: «Линии взаимодействия» → linii_vzaimodeystviya."""
    letters = []
    for ch in title.lower():
        latin = _CYRILLIC.get(ch)
        if latin is not None:
            letters.append("" if latin == "-" else latin)
        else:
            letters.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode())
    text = re.sub(r"[^a-z0-9]+", "_", "".join(letters)).strip("_")
    # Leave room for a numeric suffix within the column's length.
    return text[: KEY_LENGTH - 8].rstrip("_") or fallback


def unique_key(base: str, taken: Iterable[str]) -> str:
    """base, or base_2, base_3, ... whichever is not taken yet."""
    taken = set(taken)
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    return key


def build_columns(titles: list[str], existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Columns for the given titles, keeping the keys of existing columns.

    A title that is still there keeps its key; a changed title takes the key of the old column
    that disappeared at the same turn (a rename), so the groups' table cells stay in place.
    """
    by_title = {column["title"]: column["key"] for column in existing}
    kept = {by_title[title] for title in titles if title in by_title}
    freed = [c["key"] for c in existing if c["key"] not in kept]
    taken = {c["key"] for c in existing}
    columns = []
    for title in titles:
        if title in by_title and by_title[title] not in {c["key"] for c in columns}:
            key = by_title[title]
        elif freed:
            key = freed.pop(0)
        else:
            key = unique_key(slug(title, "column"), taken)
            taken.add(key)
        columns.append({"key": key, "title": title})
    return columns


@dataclass(frozen=True)
class SectionTexts:
    """What a section gives the groups besides its title: a hint, an example, table columns."""

    hint: str = ""
    example: str = ""
    #: the table's column titles; None leaves an existing table's columns as they are
    column_titles: list[str] | None = None


def add_section(
    template: ModelTemplate,
    title: str,
    kind: SectionKind,
    by: Moderator,
    texts: SectionTexts,
) -> TemplateSection:
    """Add a section at the end; its key comes from the title and never changes afterwards."""
    section = TemplateSection(
        position=ordering.next_position(template.sections),
        key=unique_key(slug(title), (s.key for s in template.sections)),
        title=title,
        kind=kind,
        hint=texts.hint,
        example=texts.example,
        columns=build_columns(texts.column_titles or [], []) if kind == SectionKind.table else [],
    )
    template.sections.append(section)
    db.session.commit()
    log.info("Section %r (%s) added to template %s by %s", section.key, kind, template.id, by.email)
    return section


def update_section(
    section: TemplateSection, title: str, by: Moderator, texts: SectionTexts
) -> None:
    """Rename a section or change its hint, example and columns; the key stays."""
    section.title = title
    section.hint = texts.hint
    section.example = texts.example
    if section.kind == SectionKind.table and texts.column_titles is not None:
        section.columns = build_columns(texts.column_titles, list(section.columns or []))
    db.session.commit()
    log.info("Section %r of template %s changed by %s", section.key, section.template_id, by.email)


#: Removing sections from the template and moving them up or down it
order: ordering.Order[TemplateSection] = ordering.Order(
    siblings=lambda section: section.template.sections,
    label=lambda section: f"Section {section.key!r} of template {section.template_id}",
)


def ensure_template(session: DesignSession) -> ModelTemplate:
    """The session's template, giving it the default one if it somehow has none."""
    if session.template is None:
        model_templates.give_session_template(session)
        db.session.commit()
        log.info("Session %s given the default template", session.id)
    assert session.template is not None
    return session.template


def save_as_library_template(session: DesignSession, name: str, by: Moderator) -> ModelTemplate:
    """Keep the session's sections as a reusable template in the moderator's library."""
    template = model_templates.save_to_library(session, name, by)
    db.session.commit()
    return template
