"""Soft hyphens at the syllable breaks of long words, for text set in narrow measures.

A projector's large type and a PDF's narrow table column both break lines where they can; where
a word is wider than the room, without soft hyphens it is cut between any two letters.
"""

from __future__ import annotations

import re
from functools import cache

import pyphen

SOFT_HYPHEN = "\u00ad"
#: Words shorter than this are left whole: they rarely need breaking, and look better whole
MIN_LENGTH = 8
_WORD = re.compile(r"[^\W\d_]{" + str(MIN_LENGTH) + ",}")
#: The same, but not a part of a compound word («педагог-организатор»)
_WHOLE_WORD = re.compile(r"(?<![-\w])[^\W\d_]{" + str(MIN_LENGTH) + r",}(?![-\w])")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language, left=2, right=2)


def soft_hyphens(text: str, *, in_compounds: bool = True) -> str:
    """The text with soft hyphens at the syllable breaks of long Russian and English words.

    ``in_compounds=False`` leaves the parts of a compound word whole, for text that already
    breaks after the compound's own hyphen, as Russian typesetting prefers.
    """

    def hyphenate(match: re.Match[str]) -> str:
        word = match.group(0)
        language = "ru_RU" if _CYRILLIC.search(word) else "en_GB"
        return _dictionary(language).inserted(word, hyphen=SOFT_HYPHEN)

    return (_WORD if in_compounds else _WHOLE_WORD).sub(hyphenate, text)
