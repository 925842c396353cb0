"""Cases of organisation, event and place names, and a speaker's grammatical gender.

Names are declined only when the rules are sure: the leading adjectives and the head noun change
(«XIII Петербургский международный образовательный форум» → «… Петербургского международного
образовательного форума»), the rest stays. Abbreviations («ГБОУ СОШ № 496») never change. When
unsure, the functions return None and the caller picks a wording that keeps the nominative.
"""

from __future__ import annotations

import re

GENITIVE, INSTRUMENTAL = "gen", "ins"

_ROMAN = re.compile(r"^[IVXLC]+$")
_ORDINAL = re.compile(r"^\d+-?(й|я|е|ый|ий|ая)?$")
_SIBILANT_OR_VELAR = set("гкхжшщч")
_HUSHING = set("жшщчц")
_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")
_MASCULINE_SOFT = {"фестиваль", "день", "кремль", "ансамбль", "календарь", "словарь", "портфель"}
_IRREGULAR = {
    "день": ("дня", "днём"),
    "кружок": ("кружка", "кружком"),
    "уголок": ("уголка", "уголком"),
}
_PLURAL_NOUNS = {
    "чтения": ("чтений", "чтениями"),
    "сборы": ("сборов", "сборами"),
    "курсы": ("курсов", "курсами"),
    "встречи": ("встреч", "встречами"),
    "игры": ("игр", "играми"),
    "дни": ("дней", "днями"),
}


def is_abbreviation(word: str) -> bool:
    """«ГБОУ», «МАОУ», «ИМЦ», «ЦОПП-СПб»: upper-case letters, never declined."""
    if _ROMAN.match(word):
        return False
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 2 >= len(letters) and letters[0].isupper()


def is_indeclinable(name: str) -> bool:
    """Whether a name reads the same in every case (starts with an abbreviation or a quote)."""
    words = name.split()
    return bool(words) and (is_abbreviation(words[0]) or words[0][0] in '«"„№')


def _keep_case(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


def _adjective(word: str, case: str, following: str = "") -> str | None:
    """Decline an adjective in the nominative; None if the word is not one."""
    low = word.lower()
    if len(low) < 4 or not low.isalpha():
        return None
    stem, end = low[:-2], low[-2:]
    if end == "ый" or end == "ой":
        new = stem + ("ого" if case == GENITIVE else "ым")
    elif end == "ий":
        soft = stem[-1] not in _SIBILANT_OR_VELAR or stem[-1] in "жшщч"
        genitive_end = "его" if soft else "ого"
        new = stem + (genitive_end if case == GENITIVE else "им")
    elif end == "ая":
        hushing = stem[-1] in "жшщч" and low != "большая"
        new = stem + ("ей" if hushing else "ой")
    elif end == "яя":
        new = stem + "ей"
    elif end == "ое":
        new = stem + ("ого" if case == GENITIVE else "ым")
    elif end == "ее":
        new = stem + ("его" if case == GENITIVE else "им")
    elif end in ("ые", "ие") and _plural_noun_follows(following):
        vowel = "ы" if end == "ые" else "и"
        new = stem + (vowel + "х" if case == GENITIVE else vowel + "ми")
    else:
        return None
    return _keep_case(word, new)


def _plural_noun_follows(following: str) -> bool:
    """Whether the next word is a plural noun, so «-ие» ends an adjective, not «учреждение»."""
    low = following.lower()
    return low in _PLURAL_NOUNS or low.endswith(("ы", "и", "ые", "ие"))


def _noun(word: str, case: str, place: bool = False) -> str | None:
    """Decline a singular noun (or a known plural one); None when the rules are unsure."""
    if "-на-" in word:
        head, rest = word.split("-", 1)
        declined = _noun(head, case, place)
        return f"{declined}-{rest}" if declined else None
    low = word.lower()
    if not low.replace("-", "").isalpha() or is_abbreviation(word):
        return None
    index = 0 if case == GENITIVE else 1
    if low in _IRREGULAR:
        return _keep_case(word, _IRREGULAR[low][index])
    if low in _PLURAL_NOUNS:
        return _keep_case(word, _PLURAL_NOUNS[low][index])
    if low[-1] == "ы":
        return None
    if place and low[-1] in "оеиуюэ":
        return word
    gen = case == GENITIVE
    last = low[-1]
    if last in _CONSONANTS:
        if low.endswith("ец") and len(low) > 4:
            cut, suffix = 2, "ца" if gen else "цом"
        elif gen:
            cut, suffix = 0, "а"
        else:
            cut, suffix = 0, "ем" if last in _HUSHING else "ом"
    elif last == "й":
        cut, suffix = 1, "я" if gen else "ем"
    elif low.endswith("ия"):
        cut, suffix = 1, "и" if gen else "ей"
    elif low.endswith(("ие", "ье")):
        cut, suffix = 1, "я" if gen else "ем"
    elif last == "а":
        if gen:
            cut, suffix = 1, "и" if low[-2] in _SIBILANT_OR_VELAR else "ы"
        else:
            cut, suffix = 1, "ей" if low[-2] in _HUSHING else "ой"
    elif last == "я":
        cut, suffix = 1, "и" if gen else "ей"
    elif last == "о":
        cut, suffix = 1, "а" if gen else "ом"
    elif last == "ь":
        masculine = (
            low in _MASCULINE_SOFT
            or low.endswith(("поль", "арь"))
            or (place and low.endswith("ль"))
        )
        if masculine:
            cut, suffix = 1, "я" if gen else "ем"
        else:
            cut, suffix = 1, "и" if gen else "ью"
    else:
        return None
    return word[: len(word) - cut] + suffix


def decline(name: str, case: str, place: bool = False) -> str | None:
    """The name in the genitive or instrumental case, or None when the rules are unsure."""
    name = " ".join(name.split())
    if not name:
        return None
    if is_indeclinable(name):
        return name
    words = name.split(" ")
    out: list[str] = []
    index = 0
    while index < len(words) and (_ROMAN.match(words[index]) or _ORDINAL.match(words[index])):
        out.append(words[index])
        index += 1
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        adjective = _adjective(word, case, following)
        if adjective is None:
            break
        out.append(adjective)
        index += 1
    if index >= len(words):
        return None
    noun = _noun(words[index], case, place)
    if noun is None:
        return None
    out.append(noun)
    out.extend(words[index + 1 :])
    return " ".join(out)


def genitive(name: str, place: bool = False) -> str | None:
    """«Казань» → «Казани», «Московский район» → «Московского района»."""
    return decline(name, GENITIVE, place)


def instrumental(name: str) -> str | None:
    """«Центр психолого-педагогической помощи» → «Центром психолого-педагогической помощи»."""
    return decline(name, INSTRUMENTAL)


def already_genitive(name: str) -> bool:
    """Whether a phrase starts with a genitive adjective («Петербургского …»)."""
    words = name.split()
    while words and (_ROMAN.match(words[0]) or _ORDINAL.match(words[0])):
        words = words[1:]
    return bool(words) and words[0].lower().endswith(("ого", "его", "ой", "ей", "ых", "их"))


_MALE_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий|ской|ых|их)$")
_FEMALE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая)$")


def gender(full_name: str) -> str | None:
    """«m» or «f» from the patronymic or the surname; None when the name does not tell."""
    words = [w.strip(".,") for w in full_name.split()]
    full_words = [w for w in words if len(w) > 2 and w.isalpha()]
    for word in full_words:
        low = word.lower()
        if (low.endswith(("вич", "ьич", "ич")) and len(low) > 5) or low == "оглы":
            return "m"
        if (low.endswith(("вна", "чна", "шна")) and len(low) > 5) or low == "кызы":
            return "f"
    for word in full_words:
        low = word.lower()
        if _FEMALE_SURNAME.search(low):
            return "f"
        if _MALE_SURNAME.search(low) and not low.endswith(("ых", "их")):
            return "m"
    return None
