"""Fill the Russian catalog from translation fragments in i18n/ru/*.json.

Each fragment maps an English msgid to its Russian text, or to a list of three forms for
plurals (1 участник, 2 участника, 5 участников). A message with a context (``pgettext``) is
keyed as gettext keys it, context and msgid joined by U+0004: ``"action\u0004Open"``.
Existing translations are overwritten by fragments, so a fragment is the way to correct one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
#: What joins a message's context and msgid, in .mo files and in fragment keys
CONTEXT_SEPARATOR = "\x04"
PO_PATH = ROOT / "facilitator" / "translations" / "ru" / "LC_MESSAGES" / "messages.po"


def main() -> int:
    """Merge every fragment into the catalog and report what is still untranslated."""
    fragments: dict[str, str | list[str]] = {}
    for path in sorted((ROOT / "i18n" / "ru").glob("*.json")):
        fragments.update(json.loads(path.read_text(encoding="utf-8")))
    with PO_PATH.open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    catalog.fuzzy = False
    catalog.project, catalog.version = "Facilitator", "0.1"
    for message in catalog:
        key = fragment_key(message)
        if key in fragments:
            value = fragments[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with PO_PATH.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, include_lineno=False)
    missing = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    _clear_header_fuzzy(PO_PATH.parents[2] / "en" / "LC_MESSAGES" / "messages.po")
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 0


def fragment_key(message) -> str:
    """The key of a catalog message in the fragments: its msgid, after its context if any."""
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}{CONTEXT_SEPARATOR}{msgid}" if message.context else msgid


def _clear_header_fuzzy(path: Path) -> None:
    """A new catalog's header is marked fuzzy, and pybabel would then skip compiling it."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    if catalog.fuzzy:
        catalog.fuzzy = False
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, include_lineno=False)


if __name__ == "__main__":
    sys.exit(main())
