"""Guessing what each column of a registration file holds from its header, Russian or English."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

IGNORE = ""
FULL_NAME = "full_name"
LAST_NAME = "last_name"
FIRST_NAME = "first_name"
MIDDLE_NAME = "middle_name"
ORGANISATION = "organisation"
POSITION = "position"
CITY = "city"
EMAIL = "email"
PHONE = "phone"
GROUP = "group"

#: What a column may be mapped to, in the order the mapping form lists them
FIELDS = (
    FULL_NAME,
    LAST_NAME,
    FIRST_NAME,
    MIDDLE_NAME,
    ORGANISATION,
    POSITION,
    CITY,
    EMAIL,
    PHONE,
    GROUP,
)

LABELS = {
    IGNORE: _l("Ignore"),
    FULL_NAME: _l("Full name"),
    LAST_NAME: _l("Last name"),
    FIRST_NAME: _l("First name"),
    MIDDLE_NAME: _l("Middle name (patronymic)"),
    ORGANISATION: _l("Organisation"),
    POSITION: _l("Position"),
    CITY: _l("City or district"),
    EMAIL: _l("E-mail"),
    PHONE: _l("Phone"),
    GROUP: _l("Group"),
}

# Each rule: a field and the patterns its header matches, tried in order; the first rule a
# header matches wins, so «Фамилия, имя, отчество» is a full name before it is a last name,
# and «Адрес электронной почты» an e-mail before anything with «адрес».
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (IGNORE, (r"^отметка времени", r"^timestamp", r"^время (создания|заполнения)", r"^id$")),
    (EMAIL, (r"почт", r"e ?mail", r"электронн", r"^эл адрес")),
    (PHONE, (r"телефон", r"phone", r"мобильн", r"^тел$")),
    (
        FULL_NAME,
        (
            r"^фио\b",
            r"\bфио\b",
            r"фамилия.*имя",
            r"имя.*фамилия",
            r"^ф и о",
            r"full name",
            r"^name$",
            r"your name",
            r"^участник$",
        ),
    ),
    (LAST_NAME, (r"^фамилия", r"last name", r"surname", r"family name")),
    (MIDDLE_NAME, (r"^отчество", r"middle name", r"patronymic")),
    (FIRST_NAME, (r"^имя", r"first name", r"given name")),
    (POSITION, (r"должност", r"position", r"job title", r"^роль$", r"^role$")),
    (
        ORGANISATION,
        (
            r"организац",
            r"учреждени",
            r"место работы",
            r"organi[sz]ation",
            r"institution",
            r"^школа",
            r"^school",
            r"employer",
        ),
    ),
    (
        CITY,
        (
            r"муниципал",
            r"район",
            r"город",
            r"населенн",
            r"^регион",
            r"city",
            r"district",
            r"municipal",
            r"^town",
        ),
    ),
    (GROUP, (r"групп", r"^group", r"^секция")),
)


def normalise_header(text: str) -> str:
    """Lower case, ё as е, punctuation as spaces, single spaces."""
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"[^\w@]+", " ", text)
    return " ".join(text.split())


def guess_field(header: str) -> str:
    """The field a header names, or IGNORE when none fits."""
    normal = normalise_header(header)
    if not normal:
        return IGNORE
    for field, patterns in _RULES:
        if any(re.search(pattern, normal) for pattern in patterns):
            return field
    return IGNORE


@dataclass(frozen=True)
class Guess:
    """The header row found and the field of each column (IGNORE for the rest)."""

    header_row: int
    fields: tuple[str, ...]

    @property
    def recognised(self) -> int:
        """How many columns were given a field."""
        return sum(1 for field in self.fields if field != IGNORE)


def guess_mapping(headers: list[str]) -> tuple[str, ...]:
    """A field per column; a field goes to the first column that names it."""
    taken: set[str] = set()
    fields = []
    for header in headers:
        field = guess_field(header)
        if field in taken:
            field = IGNORE
        elif field != IGNORE:
            taken.add(field)
        fields.append(field)
    return tuple(fields)


def find_header(rows: list[list[str]], look_at: int = 5) -> Guess:
    """The header row among the first few (a title line may come first) and its mapping."""
    best = Guess(0, guess_mapping(rows[0]) if rows else ())
    for index, row in enumerate(rows[:look_at]):
        guess = Guess(index, guess_mapping(row))
        if guess.recognised > best.recognised:
            best = guess
    return best


def mapping_problem(fields: tuple[str, ...]) -> str | None:
    """Why the mapping cannot import anyone, in words for people; None when it can."""
    chosen = set(fields)
    if FULL_NAME not in chosen and not ({LAST_NAME, FIRST_NAME} & chosen):
        return str(_l("Choose the column with the full name (or the last and first names)."))
    duplicated = {f for f in fields if f != IGNORE and fields.count(f) > 1}
    if duplicated:
        names = ", ".join(str(LABELS[f]) for f in FIELDS if f in duplicated)
        return str(_l("Each field may come from one column only: %(fields)s.", fields=names))
    return None
