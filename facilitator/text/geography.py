"""Where participants came from: organisations counted, cities and districts grouped in Russian."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from facilitator.text.declension import GENITIVE, adjective, genitive, is_abbreviation
from facilitator.text.sanitize import one_line
from facilitator.text.typography import join_words

_SPB = {"спб", "с-пб", "с.-петербург", "санкт-петербург", "санкт петербург", "питер", "с-петербург"}
_CITY_PREFIX = re.compile(r"^(г\.|г |гор\.|город )\s*", re.IGNORECASE)
_AREA_NOUNS = {
    # noun in a value → (genitive singular, genitive plural)
    "район": ("района", "районов"),
    "р-н": ("района", "районов"),
    "область": ("области", "областей"),
    "обл.": ("области", "областей"),
    "край": ("края", "краёв"),
}
_EDUCATIONAL = re.compile(
    r"(школ|сош|оош|гимнази|лице[йя]|колледж|техникум|училищ|университет|институт|академи|"
    r"вуз|[гм]б?оу|гбу до|мбу до|мау до|\bдоу\b|детск\w* сад|центр\w* образован|имц|цппмсп|"
    r"ппмс|дом\w* творчества|дворец|апппо|цопп|рцро|образовательн|методическ|кванториум)",
    re.IGNORECASE,
)
_MAX_LISTED = 12


def organisation_key(name: str) -> str:
    """A name reduced so that «ГБОУ СОШ №496» and «ГБОУ  СОШ № 496» count once."""
    text = one_line(name).lower().replace("ё", "е")
    text = re.sub(r"[«»\"“”„'`]", "", text)
    text = re.sub(r"№\s*", "№", text)
    return re.sub(r"[\s.,;:]+", " ", text).strip()


@dataclass(frozen=True)
class Organisations:
    """How many distinct organisations sent people, and how many of them are educational."""

    total: int
    educational: int


def count_organisations(names: Iterable[str]) -> Organisations:
    """Count distinct organisations by their reduced names."""
    keys = {organisation_key(n) for n in names if organisation_key(n)}
    educational = sum(1 for key in keys if _EDUCATIONAL.search(key))
    return Organisations(total=len(keys), educational=educational)


@dataclass
class Places:
    """Participants' places grouped for a sentence."""

    cities: set[str] = field(default_factory=set)
    #: area noun → parent (genitive, may be empty) → area adjectives in the genitive
    areas: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    other: set[str] = field(default_factory=set)


def _canonical_city(value: str) -> str:
    value = _CITY_PREFIX.sub("", value.strip(" ,.;")).strip()
    return "Санкт-Петербург" if value.lower() in _SPB else value


def _city_genitive(value: str) -> str | None:
    """«Казань» → «Казани»; a name already in the genitive («Санкт-Петербурга») is kept."""
    value = _CITY_PREFIX.sub("", value.strip(" ,.;")).strip()
    if value.lower() in _SPB or value.lower() == "санкт-петербурга":
        return "Санкт-Петербурга"
    if value.lower().startswith("города "):
        return value[len("города ") :]
    return genitive(value, place=True)


def _split_area(value: str) -> tuple[str, str, str] | None:
    """«Московский район Санкт-Петербурга» → («район», «Московского», «Санкт-Петербурга»)."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    for index, part in enumerate(parts):
        words = part.split()
        for position, word in enumerate(words):
            noun = word.lower()
            if noun not in _AREA_NOUNS:
                continue
            adjective_words = words[:position]
            if len(adjective_words) != 1:
                return None
            adjective_form = adjective(adjective_words[0], GENITIVE)
            if adjective_form is None:
                return None
            parent = " ".join(words[position + 1 :])
            parent_gen = _city_genitive(parent) if parent else ""
            if not parent:
                others = parts[:index] + parts[index + 1 :]
                if len(others) == 1:
                    parent_gen = _city_genitive(others[0]) or ""
            elif parent_gen is None or parent.lower() in ("спб",):
                parent_gen = _city_genitive(parent) or parent
            elif not is_abbreviation(parent.split()[0]) and parent[-1:] in "аиы":
                parent_gen = parent  # «района Санкт-Петербурга» is already genitive
            key = "район" if noun == "р-н" else "область" if noun == "обл." else noun
            return key, adjective_form, parent_gen or ""
    return None


_CITY_IN_TEXT = re.compile(
    r"(Санкт-Петербург\w*|\bСПб\b|\bг\.\s*([А-ЯЁ][а-яё-]+)|\bгород\w*\s+([А-ЯЁ][а-яё-]+))"
)


def city_genitive(typed: str, *texts: str) -> str:
    """The city whose districts people name, in the genitive: typed, else found in the venue."""
    if typed.strip():
        return _city_genitive(typed) or typed.strip()
    for text in texts:
        match = _CITY_IN_TEXT.search(text or "")
        if match is None:
            continue
        if match.group(2) or match.group(3):
            name = match.group(2) or match.group(3)
            return _city_genitive(name) or name
        return "Санкт-Петербурга"
    return ""


def group_places(values: Iterable[str], city: str = "") -> Places:
    """Sort «city or district» answers; districts with no city go to ``city`` (genitive)."""
    places = Places()
    for raw in values:
        value = one_line(raw).strip(" ,.;")
        if not value:
            continue
        area = _split_area(value)
        if area is not None:
            noun, adjective, parent = area
            places.areas.setdefault(noun, {}).setdefault(parent, set()).add(adjective)
            continue
        found = _city_genitive(_canonical_city(value))
        if found is None:
            places.other.add(_canonical_city(value))
        else:
            places.cities.add(found)
    districts = places.areas.get("район", {})
    parents = {p for p in districts if p}
    if "" in districts and len(parents) == 1:
        districts[next(iter(parents))] |= districts.pop("")
    elif "" in districts and city:
        districts.setdefault(city, set()).update(districts.pop(""))
        parents.add(city)
    places.cities -= parents
    return places


def _alphabetical(items: Iterable[str]) -> list[str]:
    return sorted(items, key=lambda s: s.lower().replace("ё", "е"))


def _capped(items: list[str], tail: str) -> list[str]:
    if len(items) <= _MAX_LISTED:
        return items
    return [*items[:_MAX_LISTED], tail]


def describe_places_ru(values: Iterable[str], city: str = "") -> str:
    """«городов Казани и Выборга, а также Московского и Невского районов Санкт-Петербурга»."""
    places = group_places(values, city)
    parts: list[str] = []
    cities = _capped(_alphabetical(places.cities), "других")
    if cities:
        parts.append(("города " if len(cities) == 1 else "городов ") + join_words(cities))
    for noun, by_parent in places.areas.items():
        forms = _AREA_NOUNS[noun]
        for parent in _alphabetical(by_parent):
            adjectives = _capped(_alphabetical(by_parent[parent]), "других")
            form = forms[0] if len(adjectives) == 1 else forms[1]
            phrase = f"{join_words(adjectives)} {form}"
            parts.append(f"{phrase} {parent}" if parent else phrase)
    others = [
        f"г. {o}" if o[:1].isupper() and not is_abbreviation(o.split()[0]) else o
        for o in places.other
    ]
    parts.extend(_capped(_alphabetical(others), "других территорий"))
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + ", а также " + parts[-1]


def describe_places_en(values: Iterable[str]) -> str:
    """The distinct places as typed, alphabetically: «Kazan, Moscow district and Vyborg»."""
    distinct = {one_line(v).strip(" ,.;") for v in values if one_line(v).strip(" ,.;")}
    return join_words(_capped(_alphabetical(distinct), "others"), "and")
