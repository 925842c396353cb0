"""The Russian dictionary (pymorphy3 with its OpenCorpora data), loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The shared analyser: loading the dictionary takes a fraction of a second and 15 MB."""
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=20_000)
def parses(word: str) -> tuple[Parse, ...]:
    """Every reading of a word, most likely first."""
    return tuple(analyzer().parse(word))


def is_known(word: str) -> bool:
    """Whether the dictionary has the word (not only a guess from its ending)."""
    return analyzer().word_is_known(word.lower())


def keep_case(original: str, new: str) -> str:
    """Give a declined word the capitals of the original: «Центр» → «Центром», «ЦЕНТР»."""
    if original.isupper() and len(original) > 1:
        return new.upper()
    parts_old, parts_new = original.split("-"), new.split("-")
    if len(parts_old) == len(parts_new):
        return "-".join(
            p[:1].upper() + p[1:] if o[:1].isupper() else p
            for o, p in zip(parts_old, parts_new, strict=True)
        )
    return new[:1].upper() + new[1:] if original[:1].isupper() else new
