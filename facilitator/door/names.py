"""How names and organisations are compared: case, «ё», quotes and spacing do not matter."""

from __future__ import annotations

import re

_QUOTES = re.compile(r"[«»\"'“”„`]")
_PUNCTUATION = re.compile(r"[^\w№@.+-]+")


def fold(text: str) -> str:
    """Case-folded, «ё» as «е», runs of whitespace as one space: for search and matching."""
    return " ".join(text.casefold().replace("ё", "е").split())


def name_key(full_name: str) -> str:
    """A full name as compared for duplicates: «Иванова  Мария» = «иванова мария»."""
    return " ".join(_PUNCTUATION.sub(" ", fold(full_name)).split())


def organisation_key(organisation: str) -> str:
    """An organisation as compared: «ГБОУ "СОШ № 496"» = «гбоу сош № 496»."""
    return " ".join(_PUNCTUATION.sub(" ", _QUOTES.sub("", fold(organisation))).split())


def email_key(email: str | None) -> str:
    """An e-mail address as compared: case does not matter."""
    return (email or "").strip().casefold()
