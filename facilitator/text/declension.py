"""Cases of organisation, event and place names, and a person's grammatical gender, by dictionary.

The leading adjectives and the head noun of a name change and agree with each other
(«Городской методический центр» → «Городским методическим центром», «Региональные модули» →
«Региональных модулей»). An official name headed by «учреждение» or «организация» declines its
type too, written after the head and its genitive words: «…учреждение дополнительного
образования средняя общеобразовательная школа № 496» → «…учреждения дополнительного
образования средней общеобразовательной школы № 496». Whatever else follows stays as typed.
Abbreviations («ГБОУ СОШ № 496»), numbers and quoted names never change. When the dictionary
cannot tell, the functions return None and the caller picks a wording that keeps the nominative.
"""

from __future__ import annotations

import re

from pymorphy3.analyzer import Parse

from facilitator.text.morphology import keep_case, parses

GENITIVE, INSTRUMENTAL, DATIVE, PREPOSITIONAL = "gent", "ablt", "datv", "loct"
_CASES = {"gen": GENITIVE, "ins": INSTRUMENTAL}

_ROMAN = re.compile(r"^[IVXLC]+$")
_ORDINAL = re.compile(r"^\d+-?(й|я|е|ый|ий|ая|ой)?$")
_ADJECTIVES = ("ADJF", "PRTF")
_INDECLINABLE_PLACE_ENDINGS = tuple("оеиуюэ")


def is_abbreviation(word: str) -> bool:
    """«ГБОУ», «МАОУ», «ИМЦ», «ЦОПП-СПб»: upper-case letters, never declined."""
    if _ROMAN.match(word):
        return False
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return bool(letters) and upper >= 2 and upper * 2 >= len(letters) and letters[0].isupper()


def is_indeclinable(name: str) -> bool:
    """Whether a name reads the same in every case (starts with an abbreviation or a quote)."""
    words = name.split()
    return bool(words) and (is_abbreviation(words[0]) or words[0][0] in '«"„№')


def _nominatives(word: str, parts: tuple[str, ...]) -> list[Parse]:
    return [p for p in parses(word) if p.tag.POS in parts and p.tag.case == "nomn"]


def _agrees(parse: Parse, number: str, gender: str | None) -> bool:
    if parse.tag.number != number:
        return False
    return number == "plur" or gender is None or parse.tag.gender == gender


def _inflect(word: str, parse: Parse, grammemes: set[str]) -> str | None:
    inflected = parse.inflect(grammemes)
    return keep_case(word, inflected.word) if inflected is not None else None


def adjective(word: str, case: str, number: str = "sing", gender: str | None = None) -> str | None:
    """An adjective in the nominative put in another case; None if the word is not one."""
    case = _CASES.get(case, case)
    for parse in _nominatives(word, _ADJECTIVES):
        if _agrees(parse, number, gender) or (gender is None and parse.tag.number == number):
            grammemes = {case, number} | ({parse.tag.gender} if number == "sing" else set())
            return _inflect(word, parse, grammemes)
    return None


_CYRILLIC_WORD = re.compile(r"^[А-ЯЁа-яё]?[а-яё]*(?:-[А-ЯЁа-яё]?[а-яё]+)*$")


def _is_word(word: str) -> bool:
    """A Cyrillic word written in lower case after its first letter: «PROFориентация» is not."""
    return bool(word) and bool(_CYRILLIC_WORD.match(word))


def _head(words: list[str]) -> int | None:
    """The index of the head noun: the first word read as a noun after nominative adjectives."""
    for index, word in enumerate(words):
        if not _is_word(word):
            return None
        has_next = index + 1 < len(words) and _is_word(words[index + 1])
        if has_next and _nominatives(word, _ADJECTIVES):
            continue
        return index if _nominatives(word, ("NOUN",)) else None
    return None


def _noun(word: str, case: str, number: str | None, place: bool) -> tuple[str, Parse] | None:
    if "-на-" in word:
        head, rest = word.split("-", 1)
        found = _noun(head, case, number, place)
        return (f"{found[0]}-{rest}", found[1]) if found else None
    candidates = _nominatives(word, ("NOUN",))
    if number is not None:
        candidates = [p for p in candidates if p.tag.number == number] or candidates
    if place:
        candidates.sort(key=lambda p: "Geox" not in p.tag)
    if not candidates:
        return None
    parse = candidates[0]
    if "Fixd" in parse.tag or (place and word.lower().endswith(_INDECLINABLE_PLACE_ENDINGS)):
        return word, parse
    declined = _inflect(word, parse, {case, parse.tag.number or "sing"})
    return (declined, parse) if declined else None


#: Heads of official names that are followed by the organisation's type in apposition
_LEGAL_FORMS = ("учреждение", "организация", "предприятие", "объединение")


def _genitive_only(word: str) -> bool:
    """A word read in the genitive and never as a nominative singular («образования»)."""
    readings = [p for p in parses(word) if p.tag.POS in (*_ADJECTIVES, "NOUN")]
    return (
        _is_word(word)
        and any(p.tag.case == "gent" for p in readings)
        and not any(p.tag.case == "nomn" and p.tag.number == "sing" for p in readings)
    )


def _apposition(words: list[str], case: str) -> list[str]:
    """The type after a legal form («средняя общеобразовательная школа») in the case; the
    words before it, in the genitive («дополнительного образования»), and after it as typed."""
    start = 0
    while start < len(words) and _genitive_only(words[start]):
        start += 1
    end = start
    while end + 1 < len(words) and _is_word(words[end]) and _nominatives(words[end], _ADJECTIVES):
        end += 1
    if end >= len(words) or not _is_word(words[end]):
        return words
    nouns = [p for p in _nominatives(words[end], ("NOUN",)) if p.tag.number == "sing"]
    if not nouns or "Fixd" in nouns[0].tag:
        return words
    declined = [adjective(w, case, "sing", nouns[0].tag.gender) for w in words[start:end]]
    declined.append(_inflect(words[end], nouns[0], {case, "sing"}))
    agreed = [word for word in declined if word is not None]
    if len(agreed) != len(declined):
        return words
    return [*words[:start], *agreed, *words[end + 1 :]]


def decline(name: str, case: str, place: bool = False) -> str | None:
    """The name in another case (GENITIVE, INSTRUMENTAL, …); None when the dictionary is unsure."""
    case = _CASES.get(case, case)
    name = " ".join(name.split())
    if not name:
        return None
    if is_indeclinable(name):
        return name
    words = name.split(" ")
    start = 0
    while start < len(words) and (_ROMAN.match(words[start]) or _ORDINAL.match(words[start])):
        start += 1
    head = _head(words[start:])
    if head is None:
        return None
    head += start
    adjectives = words[start:head]
    number = None
    if adjectives:
        first = _nominatives(adjectives[0], _ADJECTIVES)
        number = first[0].tag.number if first else None
    noun = _noun(words[head], case, number, place)
    if noun is None:
        return None
    declined_noun, parse = noun
    number = parse.tag.number or "sing"
    out = list(words[:start])
    for word in adjectives:
        declined = adjective(word, case, number, parse.tag.gender if number == "sing" else None)
        if declined is None:
            return None
        out.append(declined)
    out.append(declined_noun)
    rest = words[head + 1 :]
    if not place and parse.normal_form in _LEGAL_FORMS and number == "sing":
        rest = _apposition(rest, case)
    out.extend(rest)
    return " ".join(out)


def genitive(name: str, place: bool = False) -> str | None:
    """«Казань» → «Казани», «Летний лагерь» → «Летнего лагеря»."""
    return decline(name, GENITIVE, place)


def instrumental(name: str) -> str | None:
    """«Городской методический центр» → «Городским методическим центром»."""
    return decline(name, INSTRUMENTAL)


def already_genitive(name: str) -> bool:
    """Whether a phrase starts with a word in the genitive («Петербургского …», «форума»)."""
    words = name.split()
    while words and (_ROMAN.match(words[0]) or _ORDINAL.match(words[0])):
        words = words[1:]
    if not words or not _is_word(words[0]):
        return False
    readings = [p for p in parses(words[0]) if p.tag.POS in (*_ADJECTIVES, "NOUN")]
    return (
        bool(readings)
        and readings[0].tag.case == "gent"
        and not _nominatives(words[0], (*_ADJECTIVES, "NOUN"))
    )


_MALE_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий|ской)$")
_FEMALE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая)$")


def gender(full_name: str) -> str | None:
    """«m» or «f» from the patronymic, the first name or the surname; None when nothing tells."""
    words = [w.strip(".,") for w in full_name.split()]
    full_words = [w for w in words if len(w) > 2 and w.isalpha()]
    for word in full_words:
        low = word.lower()
        if (low.endswith(("вич", "ьич", "ич")) and len(low) > 5) or low == "оглы":
            return "m"
        if (low.endswith(("вна", "чна", "шна")) and len(low) > 5) or low == "кызы":
            return "f"
    for word in full_words:
        if not word[:1].isupper():
            continue
        for parse in parses(word):
            if "Name" in parse.tag and parse.tag.case == "nomn" and parse.score >= 0.3:
                if parse.tag.gender == "masc":
                    return "m"
                if parse.tag.gender == "femn":
                    return "f"
    for word in full_words:
        low = word.lower()
        if _FEMALE_SURNAME.search(low):
            return "f"
        if _MALE_SURNAME.search(low):
            return "m"
    return None
