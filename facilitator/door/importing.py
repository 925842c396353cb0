"""Pre-registration import: rows of a file to people, checked, previewed, then saved at once.

A preview is computed afresh from the stored file every time (and once more on confirmation), so
what is saved is checked against the session as it is at that moment.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from facilitator.door import grouping, headers, invitations
from facilitator.door.headers import FIELDS, IGNORE
from facilitator.door.names import email_key, name_key, organisation_key
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, Participant

log = logging.getLogger(__name__)

#: Longest text per field, as the participant's columns hold it
MAX_LENGTH = {
    "full_name": 200,
    "organisation": 300,
    "position": 200,
    "city": 200,
    "email": 254,
    "phone": 50,
    "group": 200,
}
INVALID, DUPLICATE = "invalid", "duplicate"
_SPACES = {"\t", "\n", "\r"}


class ImportFailed(RuntimeError):
    """Raised when saving the people failed; nothing was saved."""


@dataclass(frozen=True)
class Person:
    """One row ready to import: who, from which line of the file."""

    line: int
    full_name: str
    organisation: str = ""
    position: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    group: str = ""


@dataclass(frozen=True)
class Problem:
    """A row left out, with the reason in words for people."""

    line: int
    name: str
    kind: str
    reason: str


@dataclass
class Preview:
    """What an import would do: the columns as understood, who comes in, who is left out, why."""

    headers: list[str]
    fields: tuple[str, ...]
    header_line: int
    people: list[Person] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    groups: list[grouping.GroupPlan] = field(default_factory=list)
    mapping_problem: str | None = None
    use_groups: bool = True

    @property
    def has_group_column(self) -> bool:
        """Whether a column holds groups."""
        return headers.GROUP in self.fields

    @property
    def sample(self) -> list[Person]:
        """The first people, shown as they will be saved."""
        return self.people[:15]


def _has_control(text: str) -> bool:
    return any(ch not in _SPACES and unicodedata.category(ch) == "Cc" for ch in text)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _cells(row: list[str], fields: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, name in enumerate(fields):
        if name != IGNORE and index < len(row):
            values[name] = row[index]
    return values


def _row_problem(raw: dict[str, str], person: Person) -> str | None:
    """Why the row cannot be imported, or None."""
    if any(_has_control(value) for value in raw.values()):
        return _("contains control characters")
    if not person.full_name:
        return _("no name")
    for name, limit in MAX_LENGTH.items():
        if len(getattr(person, name)) > limit:
            label = headers.LABELS[name]
            return _("«%(field)s» is too long: at most %(max)d characters", field=label, max=limit)
    if person.email:
        try:
            validate_email(person.email, check_deliverability=False)
        except EmailNotValidError:
            return _("invalid e-mail address «%(email)s»", email=person.email)
    if person.phone and not re.fullmatch(r"[\d\s()+\-.]{5,50}", person.phone):
        return _("invalid phone number «%(phone)s»", phone=person.phone)
    return None


def _person(line: int, raw: dict[str, str]) -> Person:
    name = _clean(raw.get(headers.FULL_NAME, ""))
    if not name:
        parts = (headers.LAST_NAME, headers.FIRST_NAME, headers.MIDDLE_NAME)
        name = _clean(" ".join(raw.get(part, "") for part in parts))
    return Person(
        line=line,
        full_name=name,
        organisation=_clean(raw.get(headers.ORGANISATION, "")),
        position=_clean(raw.get(headers.POSITION, "")),
        city=_clean(raw.get(headers.CITY, "")),
        email=_clean(raw.get(headers.EMAIL, "")).replace(" ", ""),
        phone=_clean(raw.get(headers.PHONE, "")),
        group=_clean(raw.get(headers.GROUP, "")),
    )


class _Seen:
    """Who is on the list so far, by name and organisation and by e-mail."""

    def __init__(self) -> None:
        self.by_name: dict[tuple[str, str], str] = {}
        self.by_email: dict[str, str] = {}

    def add(self, name: str, organisation: str, email: str, where: str) -> None:
        self.by_name.setdefault((name_key(name), organisation_key(organisation)), where)
        if email_key(email):
            self.by_email.setdefault(email_key(email), where)

    def find(self, person: Person) -> str | None:
        key = (name_key(person.full_name), organisation_key(person.organisation))
        return self.by_name.get(key) or self.by_email.get(email_key(person.email) or "\0")


def _already_in_session(session: DesignSession) -> _Seen:
    seen = _Seen()
    rows = db.session.execute(
        db.select(Participant.full_name, Participant.organisation, Participant.email).where(
            Participant.session_id == session.id
        )
    )
    for name, organisation, email in rows:
        seen.add(name, organisation, email or "", _("already in the session: %(name)s", name=name))
    return seen


def build_preview(
    session: DesignSession,
    table: list[list[str]],
    fields: tuple[str, ...] | None = None,
    header_line: int | None = None,
    use_groups: bool = True,
) -> Preview:
    """Understand the file's columns (guessed unless given) and check every row."""
    if header_line is None or fields is None:
        guess = headers.find_header(table)
        header_line = guess.header_row if header_line is None else header_line
        fields = fields if fields is not None else headers.guess_mapping(table[header_line])
    header_cells = table[header_line]
    width = max(len(row) for row in table)
    header_cells = header_cells + [""] * (width - len(header_cells))
    fields = tuple(fields[:width]) + (IGNORE,) * (width - len(fields))
    preview = Preview(header_cells, fields, header_line, use_groups=use_groups)
    preview.mapping_problem = headers.mapping_problem(fields)
    if preview.mapping_problem:
        return preview
    in_session, in_file = _already_in_session(session), _Seen()
    for index, row in enumerate(table[header_line + 1 :], start=header_line + 2):
        raw = _cells(row, fields)
        person = _person(index, raw)
        reason = _row_problem(raw, person)
        if reason:
            preview.problems.append(Problem(index, person.full_name, INVALID, reason))
            continue
        duplicate = in_session.find(person) or in_file.find(person)
        if duplicate:
            preview.problems.append(Problem(index, person.full_name, DUPLICATE, duplicate))
            continue
        in_file.add(
            person.full_name,
            person.organisation,
            person.email,
            _("duplicate of line %(line)d", line=index),
        )
        preview.people.append(person)
    if use_groups and preview.has_group_column:
        preview.groups = grouping.plan_groups(session, [p.group for p in preview.people])
    return preview


def save(session: DesignSession, preview: Preview) -> list[Participant]:
    """Save every person of the preview in one transaction: all of them, or nobody."""
    if preview.mapping_problem or not preview.people:
        return []
    try:
        groups = grouping.create_planned(session, preview.groups)
        created = []
        for number, person in enumerate(preview.people, start=1):
            participant = Participant(
                session_id=session.id,
                group_id=grouping.take_place(groups, person.group) if preview.use_groups else None,
                full_name=person.full_name,
                organisation=person.organisation,
                position=person.position,
                city=person.city,
                email=person.email or None,
                phone=person.phone,
                source="import",
                invite_token=invitations.new_token(),
            )
            db.session.add(participant)
            created.append(participant)
            if number % 50 == 0:
                db.session.flush()
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        log.exception("Import into session %s failed; nothing was saved", session.id)
        raise ImportFailed(_("The import failed and nothing was saved. Try again.")) from error
    log.info("Imported %s people into session %s", len(created), session.id)
    return created


def field_choices() -> list[tuple[str, str]]:
    """The mapping form's options: ignore, then every field."""
    return [(IGNORE, str(headers.LABELS[IGNORE]))] + [(f, str(headers.LABELS[f])) for f in FIELDS]
