"""People's full names in other cases: «Иванова Мария Петровна» → «Ивановой Марии Петровне».

A surname, a first name and a patronymic each decline by the person's gender; a word the
dictionary does not read as a name part (a foreign name, an initial, a double-barrelled name
it cannot split) makes the whole result None, and the caller keeps a wording in the nominative.
"""

from __future__ import annotations

from pymorphy3.analyzer import Parse

from facilitator.text.declension import DATIVE, GENITIVE, gender
from facilitator.text.morphology import keep_case, parses

_GENDERS = {"m": "masc", "f": "femn"}
_PARTS = ("Surn", "Name", "Patr")


def _reading(word: str, grammatical_gender: str) -> Parse | None:
    """The word read as a name part of this gender in the nominative."""
    for parse in parses(word.lower()):
        tag = parse.tag
        if tag.case != "nomn" or tag.number == "plur":
            continue
        # Grammemes are tested with «in»: comparing tag.gender with «ms-f» (common gender, as
        # in «Белых») raises, since pymorphy3 only compares it with masc, femn or neut.
        if any(part in tag for part in _PARTS) and (grammatical_gender in tag or "ms-f" in tag):
            return parse
    return None


def _decline_word(word: str, case: str, grammatical_gender: str) -> str | None:
    if "-" in word:
        pieces = [_decline_word(piece, case, grammatical_gender) for piece in word.split("-")]
        return None if None in pieces else "-".join(p for p in pieces if p)
    if not word.isalpha():
        return None
    parse = _reading(word, grammatical_gender)
    if parse is None:
        return None
    if "Fixd" in parse.tag:
        return word
    inflected = parse.inflect({case, "sing"})
    return keep_case(word, inflected.word) if inflected is not None else None


def decline_person(full_name: str, case: str) -> str | None:
    """The full name in a case (DATIVE, GENITIVE, …); None when the dictionary is unsure."""
    words = full_name.split()
    who = gender(full_name)
    if not words or who is None or len(words) > 4:
        return None
    declined = [_decline_word(word, case, _GENDERS[who]) for word in words]
    if any(word is None for word in declined):
        return None
    return " ".join(w for w in declined if w)


def dative(full_name: str) -> str | None:
    """«Иванова Мария Петровна» → «Ивановой Марии Петровне» (to whom a certificate is issued)."""
    return decline_person(full_name, DATIVE)


def genitive_person(full_name: str) -> str | None:
    """«Петров Иван Сергеевич» → «Петрова Ивана Сергеевича»."""
    return decline_person(full_name, GENITIVE)


def past_verb(full_name: str, masculine: str, feminine: str, unknown: str) -> str:
    """The past-tense verb agreeing with the person: «принял», «приняла», else «принял(а)»."""
    return {"m": masculine, "f": feminine}.get(gender(full_name) or "", unknown)
