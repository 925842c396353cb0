"""Soft hyphens in long words, so Russian text on big screens breaks at syllables everywhere.

CSS `hyphens: auto` needs the browser's hyphenation dictionary, which some builds (Chromium on
Linux without its component updater, as on a venue's offline laptop) lack; the projector's
large type must never break «профориентационной» without a hyphen.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen
from markupsafe import Markup, escape

SOFT_HYPHEN = "\u00ad"
#: Words shorter than this are left whole: they rarely need breaking, and look better whole
MIN_LENGTH = 8
_WORD = re.compile(r"[^\W\d_]{" + str(MIN_LENGTH) + ",}")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language, left=2, right=2)


def soft_hyphens(text: str) -> str:
    """The text with soft hyphens at the syllable breaks of long Russian and English words."""

    def hyphenate(match: re.Match[str]) -> str:
        word = match.group(0)
        language = "ru_RU" if _CYRILLIC.search(word) else "en_GB"
        return _dictionary(language).inserted(word, hyphen=SOFT_HYPHEN)

    return _WORD.sub(hyphenate, text)


def hyphenate(value: object) -> Markup:
    """Jinja filter: the value escaped, with soft hyphens in its long words."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        # Already markup: only text between tags may change.
        parts = re.split(r"(<[^>]*>|&[#\w]+;)", str(value))
        return Markup("".join(p if p.startswith(("<", "&")) else soft_hyphens(p) for p in parts))
    return Markup(escape(soft_hyphens(str(value))))
