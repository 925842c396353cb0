"""The default interaction-model template (after a real case description), in both languages.

The content lives in default_template.toml next to this module, so that it can be edited without
touching code; it is copied into each new session, where the moderator may change it.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from facilitator.i18n import BUILT_IN_LANGUAGES, built_in_texts
from facilitator.sessions.phases import SectionKind

FILE = "default_template.toml"
TEXT_NAMES = ("title", "hint", "example")
SECTION_NAMES = {"key", "kind", "columns", *BUILT_IN_LANGUAGES}


class TemplateFileError(ValueError):
    """The template file is unreadable or breaks its layout; the message says where."""


def _texts(where: str, table: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    """The table's texts in this order; each must be there, and nothing else."""
    if not isinstance(table, dict):
        raise TemplateFileError(f"{where}: expected a table with {', '.join(names)}")
    if missing := [name for name in names if not isinstance(table.get(name), str)]:
        raise TemplateFileError(f"{where}: missing or not text: {', '.join(missing)}")
    if unknown := sorted(set(table) - set(names)):
        raise TemplateFileError(f"{where}: unknown {', '.join(unknown)}")
    return tuple(table[name] for name in names)


def _column(where: str, column: Any) -> tuple[str, ...]:
    """A table column as (key, title per language)."""
    return _texts(where, column, ("key", *BUILT_IN_LANGUAGES))


def _section(where: str, spec: Any) -> dict[str, Any]:
    """One section as the rest of the app reads it: key, kind, [columns], texts per language."""
    if not isinstance(spec, dict) or not isinstance(spec.get("key"), str) or not spec["key"]:
        raise TemplateFileError(f"{where}: a section needs a key")
    where = f"{where} ({spec['key']!r})"
    if unknown := sorted(set(spec) - SECTION_NAMES):
        raise TemplateFileError(f"{where}: unknown {', '.join(unknown)}")
    if spec.get("kind") not in {kind.value for kind in SectionKind}:
        kinds = ", ".join(kind.value for kind in SectionKind)
        raise TemplateFileError(f"{where}: kind must be one of {kinds}, not {spec.get('kind')!r}")
    section: dict[str, Any] = {"key": spec["key"], "kind": spec["kind"]}
    columns = spec.get("columns", [])
    if (spec["kind"] == SectionKind.table) != bool(columns):
        raise TemplateFileError(f"{where}: a table section needs columns, and only it may have")
    if columns:
        section["columns"] = [
            _column(f"{where}, column {number}", column) for number, column in enumerate(columns, 1)
        ]
        keys = [column[0] for column in section["columns"]]
        if len(set(keys)) != len(keys):
            raise TemplateFileError(f"{where}: column keys repeat")
    for language in BUILT_IN_LANGUAGES:
        section[language] = _texts(f"{where}, {language}", spec.get(language), TEXT_NAMES)
    return section


def load(source: Traversable) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The template's name per language and its sections, read from the file and checked."""
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TemplateFileError(f"{source}: {error}") from error
    name = _texts(f"{source}, [name]", data.get("name"), BUILT_IN_LANGUAGES)
    names = dict(zip(BUILT_IN_LANGUAGES, name, strict=True))
    sections = [
        _section(f"{source}, section {number}", spec)
        for number, spec in enumerate(data.get("section", []), 1)
    ]
    if not sections:
        raise TemplateFileError(f"{source}: no [[section]]")
    keys = [section["key"] for section in sections]
    if repeated := sorted({key for key in keys if keys.count(key) > 1}):
        raise TemplateFileError(f"{source}: section keys repeat: {', '.join(repeated)}")
    return names, sections


TEMPLATE_NAMES, DEFAULT_SECTIONS = load(files("facilitator.sessions").joinpath(FILE))


def default_sections(language: str) -> list[dict[str, Any]]:
    """The default sections as plain dicts in the given language (Russian when unknown)."""
    column_index = 2 if language == "en" else 1
    return [
        {
            "key": spec["key"],
            "kind": spec["kind"],
            **built_in_texts(spec, language, TEXT_NAMES),
            "columns": [
                {"key": col[0], "title": col[column_index]} for col in spec.get("columns", [])
            ],
        }
        for spec in DEFAULT_SECTIONS
    ]
