"""Every user-facing string has a Russian translation, and the compiled catalogs are current."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale

from facilitator.templating import count_people

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "facilitator" / "translations"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
METHODS = [("facilitator/**.py", "python"), ("templates/**.html", "jinja2")]


def source_messages() -> set[tuple[str, str | None]]:
    """(msgid, context) of the messages found in the code and templates right now."""
    found: set[tuple[str, str | None]] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add((message[0] if isinstance(message, tuple) else message, context))
    return found


def load_po(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


def test_every_user_facing_string_has_a_russian_translation():
    catalog = load_po("ru")
    missing = sorted(
        f"{context}: {msgid}" if context else msgid
        for msgid, context in source_messages()
        if not (found := catalog.get(msgid, context=context)) or not _filled(found) or found.fuzzy
    )
    assert not missing, "untranslated (run scripts/i18n.sh and translate):\n" + "\n".join(missing)


def test_one_english_word_gets_a_russian_translation_for_each_of_its_senses(app):
    from flask_babel import pgettext

    with app.test_request_context(), force_locale("ru"):
        assert pgettext("action", "Open") == "Открыть"
        assert pgettext("survey status", "Open") == "Открыта"


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def _filled(message) -> bool:
    strings = message.string if isinstance(message.string, list | tuple) else [message.string]
    return all(strings)


def test_compiled_russian_catalog_matches_the_source_catalog():
    language = "ru"
    po = load_po(language)
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        mo = read_mo(handle)
    po_strings = {
        (m.context, _key(m.id)): _key(m.string) for m in po if m.id and _filled(m) and not m.fuzzy
    }
    mo_strings = {(m.context, _key(m.id)): _key(m.string) for m in mo if m.id}
    assert po_strings == mo_strings, "run scripts/i18n.sh compile"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 участник"),
        (2, "2 участника"),
        (5, "5 участников"),
        (11, "11 участников"),
        (21, "21 участник"),
        (24, "24 участника"),
        (112, "112 участников"),
    ],
)
def test_russian_plural_forms(app, count, expected):
    with app.test_request_context(), force_locale("ru"):
        assert count_people(count) == expected


def test_english_plural_forms(app):
    with app.test_request_context(), force_locale("en"):
        assert count_people(1) == "1 participant"
        assert count_people(3) == "3 participants"
