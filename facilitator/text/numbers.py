"""Counts, shares and averages as Russian and English documents write them.

Organisers print these figures in the post-release («90,9 % поставили высший балл»), so 10 of 11
must give 90,9 and never 90,90909 or a float's 90,89999; one to nine are words in running text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from facilitator.text.morphology import parses

NBSP = "\u00a0"
#: Two places for averages: 4,55 of 5
AVERAGE_PLACES = Decimal("0.01")
_WORDS = ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_PLACES = (
    "первое",
    "второе",
    "третье",
    "четвёртое",
    "пятое",
    "шестое",
    "седьмое",
    "восьмое",
    "девятое",
    "десятое",
)
_EN_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def plural_form(count: int, forms: Sequence[str]) -> str:
    """Pick the form for a count: three Russian forms (1, 2, 5) or two English ones (1, many)."""
    count = abs(count)
    if len(forms) == 2:
        return forms[0] if count == 1 else forms[1]
    if count % 10 == 1 and count % 100 != 11:
        return forms[0]
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return forms[1]
    return forms[2]


def noun_gender(phrase: str) -> str:
    """The grammatical gender of a phrase's head noun: «masc», «femn» or «neut».

    A phrase of adjectives alone («образовательной», the noun left out) takes the first
    adjective's gender, which agrees with the noun it stands for.
    """
    genders = ("masc", "femn", "neut")
    adjective_gender = None
    for word in phrase.split():
        readings = parses(word.lower())
        if readings and readings[0].tag.POS in ("ADJF", "PRTF"):
            if adjective_gender is None and readings[0].tag.gender in genders:
                adjective_gender = readings[0].tag.gender
            continue
        for parse in readings:
            if parse.tag.POS == "NOUN" and parse.tag.gender in genders:
                return parse.tag.gender
    return adjective_gender or "masc"


def number_in_words(count: int, case: str = "nomn", gender: str = "masc") -> str:
    """«пять», «одной», «двух», «две»: a number from 0 to 9 in words, agreeing with its noun."""
    if not 0 <= count <= 9:
        raise ValueError(f"only 0 to 9 are written in words, got {count}")
    word = _WORDS[count]
    if count == 0 or (case in ("nomn", "accs") and count > 2):
        return word
    parse = next(p for p in parses(word) if p.normal_form == word or p.word == word)
    for grammemes in ({case, gender}, {case}):
        try:
            inflected = parse.inflect(grammemes)
        except ValueError:
            inflected = None
        if inflected is not None:
            return inflected.word
    return word


def place_in_words(place: int) -> str:
    """«первое» … «десятое» as in «заняла первое место»; «11-е» from eleven on."""
    return _PLACES[place - 1] if 1 <= place <= len(_PLACES) else f"{place}-е"


def counted(count: int, forms: Sequence[str], case: str = "nomn", words: bool = True) -> str:
    """«пять творческих групп», «12 человек»: one to nine in words, else digits + no-break space.

    ``forms`` are the noun's three Russian forms (or two English ones) already in ``case``.
    """
    form = plural_form(count, forms)
    if words and 1 <= count <= 9:
        if len(forms) == 2:
            return f"{_EN_WORDS[count]} {form}"
        return f"{number_in_words(count, case, noun_gender(forms[0]))} {form}"
    return f"{count}{NBSP}{form}"


def share(part: int, whole: int) -> Decimal | None:
    """part of whole in percent, rounded half-up to one decimal; None when whole is zero."""
    if whole <= 0:
        return None
    if not 0 <= part <= whole:
        raise ValueError(f"a share needs 0 <= part <= whole, got {part} of {whole}")
    # Tenths of a percent, rounded half-up with integers only: floor((2·1000·part + whole) / 2w).
    tenths = (2000 * part + whole) // (2 * whole)
    return Decimal(tenths).scaleb(-1)


def average(values: Sequence[int]) -> Decimal | None:
    """The mean of whole marks, rounded half-up to two decimals; None for no marks."""
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(
        AVERAGE_PLACES, rounding=ROUND_HALF_UP
    )


def _language(locale: str) -> str:
    return "ru" if str(locale).lower().startswith("ru") else "en"


def format_number(value: Decimal | float | int, language: str = "ru") -> str:
    """A share with one decimal at most, «,» as the Russian separator: 90,9 / 100."""
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{number:f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",") if _language(language) == "ru" else text


def format_average(value: Decimal | float | int, language: str = "ru") -> str:
    """An average with two decimals at most, as printed: 4,55 / 4,5 / 5."""
    number = Decimal(str(value)).quantize(AVERAGE_PLACES, rounding=ROUND_HALF_UP)
    text = f"{number:f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else f"{number:f}"
    return text.replace(".", ",") if _language(language) == "ru" else text


def format_percent(value: Decimal | float | int | None, language: str = "ru") -> str:
    """«90,9 %» (Russian, a no-break space) or «90.9%» (English); «—» when there is no share."""
    if value is None:
        return "—"
    number = format_number(value, language)
    return f"{number}{NBSP}%" if _language(language) == "ru" else f"{number}%"


def percent(part: int, whole: int, language: str = "ru") -> str:
    """The share part/whole written as a percentage; «—» when whole is zero."""
    return format_percent(share(part, whole), language)
