"""Russian typography: «ёлочки», no-break spaces after «№», initials and short words, dashes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from facilitator.text.numbers import NBSP


def join_words(items: Sequence[str], conjunction: str = "и") -> str:
    """«А, Б и В»."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def quoted(text: str) -> str:
    """Put a name in «ёлочки»; quotes inside it become „лапки“."""
    inner = typograph_quotes(text.strip())
    if inner.startswith("«") and inner.endswith("»") and _balanced_outer(inner):
        return inner
    inner = inner.replace("«", "„").replace("»", "“")
    return f"«{inner}»"


def _balanced_outer(text: str) -> bool:
    """Whether the first « closes at the very last character."""
    depth = 0
    for index, char in enumerate(text):
        if char == "«":
            depth += 1
        elif char == "»":
            depth -= 1
            if depth == 0 and index != len(text) - 1:
                return False
    return depth == 0


_OPENING_CONTEXT = set(" \t\n(\u00a0[{«„—–-/")


def typograph_quotes(text: str) -> str:
    """Straight double quotes become «…», and „…“ inside them."""
    if '"' not in text:
        return text
    out: list[str] = []
    depth = 0
    for index, char in enumerate(text):
        if char in "«„":
            depth += 1
            out.append(char)
        elif char in "»“" and depth:
            depth -= 1
            out.append(char)
        elif char == '"':
            previous = text[index - 1] if index else " "
            if previous in _OPENING_CONTEXT:
                out.append("«" if depth == 0 else "„")
                depth += 1
            else:
                out.append("“" if depth >= 2 else "»")
                depth = max(depth - 1, 0)
        else:
            out.append(char)
    return "".join(out)


_RULES: list[tuple[re.Pattern[str], str]] = [
    # «№496», «№ 496» → «№ 496» with a non-breaking space
    (re.compile(r"№[ \t\u00a0]*(?=\d)"), "№" + NBSP),
    # a number stays with the word it counts: «выпускником 9 класса», «7–11 классов»; not a
    # school's number before a preposition («№ 496 с углублённым …») or a short word after it
    (re.compile(r"(?<![\d.,:])(?<!№\u00a0)(\d+)[ \t]+(?=[а-яё]{3,})"), r"\1" + NBSP),
    # «60%», «60 %» → «60 %»
    (re.compile(r"(\d)[ \t\u00a0]*%"), r"\1" + NBSP + "%"),
    # initials before a surname: «А.И. Герцена», «К. Д. Ушинского»
    (
        re.compile(r"\b([А-ЯЁA-Z]\.)[ \t\u00a0]*([А-ЯЁA-Z]\.)[ \t\u00a0]*(?=[А-ЯЁA-Z][а-яёa-z])"),
        r"\1" + NBSP + r"\2" + NBSP,
    ),
    (re.compile(r"\b([А-ЯЁ]\.)[ \t\u00a0]+(?=[А-ЯЁ][а-яё]{2,})"), r"\1" + NBSP),
    # a surname before initials: «Кравцов А.О.»
    (
        re.compile(r"([А-ЯЁ][а-яё]+)[ \t\u00a0]+([А-ЯЁ]\.)[ \t\u00a0]*([А-ЯЁ]\.)"),
        r"\1" + NBSP + r"\2" + NBSP + r"\3",
    ),
    # «г. Томск», «ул. Ленсовета, д. 6», «им. Герцена»
    (
        re.compile(r"\b(г|гор|ул|д|им|пр|пер|наб|пл|корп|стр|каб|тел|пос)\.[ \t]+(?=\S)"),
        r"\1." + NBSP,
    ),
    # a dash between words, not a hyphen: «модель - это» → «модель — это»
    (re.compile(r"[ \t\u00a0]+(?:-|--|–|—)[ \t]+"), NBSP + "— "),
    # short prepositions and conjunctions stay with the next word
    (
        re.compile(
            r"(?<![\w\-])(в|во|с|со|к|ко|о|об|у|и|а|на|по|от|до|за|из|не|ни|В|Во|С|Со|К|О|Об|У|И|А|На|По|От|До|За|Из|Не)"
            r"[ \t]+(?=\S)"
        ),
        r"\1" + NBSP,
    ),
    (re.compile(r"[ \t]{2,}"), " "),
]


def typograph(text: str) -> str:
    """Russian typography for document text; applying it twice changes nothing more."""
    text = typograph_quotes(text)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def capitalise(text: str) -> str:
    """First letter upper-case, the rest untouched."""
    return text[:1].upper() + text[1:]


def decapitalise(text: str) -> str:
    """First letter lower-case unless the word is an abbreviation («ГБОУ», «PROFориентир»)."""
    if len(text) > 1 and (text[1].isupper() or not text[1].isalpha()):
        return text
    return text[:1].lower() + text[1:]


def first_sentence(text: str, limit: int = 220) -> str:
    """The first sentence of a text, cut at a word boundary with «…» when too long."""
    flat = " ".join(text.split())
    match = re.search(r"(?<=[.!?…])\s+(?=[А-ЯЁA-Z«\"])", flat)
    sentence = flat[: match.start()] if match else flat
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:—– ")
        sentence = cut + "…"
    return sentence
