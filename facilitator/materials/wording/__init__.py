"""Post-release wording per document language: each module turns facts into paragraphs."""

from __future__ import annotations

from types import ModuleType

from facilitator.materials.facts import PostReleaseFacts
from facilitator.materials.wording import en, ru, skeleton

_MODULES: dict[str, ModuleType] = {"ru": ru, "en": en}


def for_language(language: str) -> ModuleType:
    """The wording module for a document language (Russian when there is none for it)."""
    return _MODULES.get(language, ru)


def written_paragraphs(facts: PostReleaseFacts) -> dict[str, str]:
    """Every paragraph's generated text by key, in print order, in the session's language."""
    return skeleton.paragraphs(vars(for_language(facts.session.language)), facts)
