"""Interaction-model templates: the default, a session's own copy, the moderator's library."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from facilitator.accounts.models import Moderator
from facilitator.database import listed
from facilitator.extensions import db
from facilitator.sessions.default_template import TEMPLATE_NAMES, default_sections
from facilitator.sessions.models import DesignSession, ModelTemplate, TemplateSection
from facilitator.sessions.phases import SectionKind

log = logging.getLogger(__name__)


def section_dict(section: Any, columns: list[Any]) -> dict[str, Any]:
    """A template section (a model or a row with its fields) as a plain dict."""
    return {
        "key": section.key,
        "kind": section.kind.value,
        "title": section.title,
        "hint": section.hint,
        "example": section.example,
        "columns": columns,
    }


def section_dicts(template: ModelTemplate) -> list[dict[str, Any]]:
    """A template's sections as plain dicts, in order."""
    return [section_dict(s, list(s.columns or [])) for s in template.sections]


def _build_sections(specs: Iterable[dict[str, Any]]) -> list[TemplateSection]:
    return [
        TemplateSection(
            position=position,
            key=spec["key"],
            kind=SectionKind(spec["kind"]),
            title=spec["title"],
            hint=spec.get("hint", ""),
            example=spec.get("example", ""),
            columns=list(spec.get("columns") or []),
        )
        for position, spec in enumerate(specs)
    ]


def give_session_template(
    session: DesignSession, source: ModelTemplate | None = None
) -> ModelTemplate:
    """Give the session its own copy of a library template, or of the default one."""
    specs = section_dicts(source) if source else default_sections(session.language)
    name = source.name if source else TEMPLATE_NAMES.get(session.language, TEMPLATE_NAMES["ru"])
    template = ModelTemplate(
        name=name,
        language=session.language,
        owner_id=session.owner_id,
        sections=_build_sections(specs),
    )
    session.template = template
    return template


def save_to_library(session: DesignSession, name: str, moderator: Moderator) -> ModelTemplate:
    """Copy the session's template into the moderator's library for later sessions."""
    if session.template is None:
        raise ValueError("the session has no template")
    template = ModelTemplate(
        name=name,
        language=session.language,
        owner_id=moderator.id,
        sections=_build_sections(section_dicts(session.template)),
    )
    db.session.add(template)
    log.info("Template %r saved to the library by %s", name, moderator.email)
    return template


def library_templates(moderator: Moderator) -> list[ModelTemplate]:
    """The templates a moderator may start a session from."""
    return listed(
        sa.select(ModelTemplate)
        .where(ModelTemplate.session_id.is_(None), ModelTemplate.owner_id == moderator.id)
        .order_by(ModelTemplate.name)
    )
