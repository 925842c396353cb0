"""The certificate's wording: a short text with {placeholders} the moderator may rewrite.

Placeholders are replaced in one pass, so a name that itself contains «{name}» or «{{» prints
as typed and is never read as a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import SessionKind
from facilitator.text.dates import date_in_words
from facilitator.text.numbers import NBSP, format_number, plural_form
from facilitator.text.person_names import dative, past_verb
from facilitator.text.typography import quoted

MAX_LENGTH = 1000
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

DEFAULT = {
    "ru": "Настоящий сертификат подтверждает, что {name} {took_part} участие в {event} {title}, "
    "{date}, в объёме {hours}.",
    "en": "This is to certify that {name} took part in the {event} {title} on {date}, for {hours}.",
}

#: Placeholder → what the moderator is told it becomes
PLACEHOLDERS = {
    "name": _l("the person's full name: Иванова Мария Петровна"),
    "name_dative": _l("the name in the dative case: Ивановой Марии Петровне"),
    "took_part": _l("«принял» or «приняла», agreeing with the person"),
    "event": _l("the kind of event in the prepositional case: дизайн-сессии"),
    "title": _l("the session's title in quotes"),
    "date": _l("the date: 27 марта 2023 года"),
    "hours": _l("hours of participation: 3 часа, 2,5 часа"),
    "venue": _l("the venue"),
}

_EVENT_RU = {
    SessionKind.design_session: "дизайн-сессии",
    SessionKind.strategic_session: "стратегической сессии",
    SessionKind.seminar: "семинаре",
}
_EVENT_EN = {
    SessionKind.design_session: "design session",
    SessionKind.strategic_session: "strategic session",
    SessionKind.seminar: "seminar",
}


class WordingError(ValueError):
    """The wording cannot be used; the message says why, translated."""


@dataclass(frozen=True)
class Piece:
    """Part of the rendered wording; the person's name is printed in bold."""

    text: str
    is_name: bool = False


def wording_of(session: DesignSession) -> str:
    """The session's wording, or the built-in one in the session's language."""
    return session.certificate_wording.strip() or DEFAULT.get(session.language, DEFAULT["ru"])


def validate(text: str) -> str:
    """The wording, trimmed, once its placeholders are known and the name is in it."""
    text = " ".join(text.split())
    if not text:
        return ""
    if len(text) > MAX_LENGTH:
        raise WordingError(_("At most %(num)d characters.", num=MAX_LENGTH))
    unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise WordingError(
            _("Unknown placeholders: %(names)s.", names=", ".join(f"{{{n}}}" for n in unknown))
        )
    leftover = _PLACEHOLDER.sub("", text)
    if "{" in leftover or "}" in leftover:
        raise WordingError(_("Braces are only for placeholders such as {name}; remove the others."))
    if "{name}" not in text and "{name_dative}" not in text:
        raise WordingError(
            _("The wording must name the person: put {name} or {name_dative} in it.")
        )
    return text


def hours_text(hours: Decimal, language: str) -> str:
    """«3 часа», «2,5 часа», «1 час», «5 часов»; «2.5 hours» in English."""
    number = format_number(hours, language)
    whole = hours == hours.to_integral_value()
    if language != "ru":
        return f"{number} {'hour' if hours == 1 else 'hours'}"
    # A fraction takes the genitive singular: «2,5 часа».
    form = plural_form(int(hours), ("час", "часа", "часов")) if whole else "часа"
    return f"{number}{NBSP}{form}"


def values(session: DesignSession, full_name: str, hours: Decimal) -> dict[str, str]:
    """Every placeholder's text for one person."""
    language = session.language
    name = " ".join(full_name.split())
    if language == "ru":
        event = _EVENT_RU.get(session.kind, "мероприятии")
        took_part = past_verb(name, "принял", "приняла", "принял(а)")
        title = quoted(session.title)
    else:
        event = _EVENT_EN.get(session.kind, "event")
        took_part = "took"
        title = f"“{session.title.strip()}”"
    return {
        "name": name,
        "name_dative": (dative(name) or name) if language == "ru" else name,
        "took_part": took_part,
        "event": event,
        "title": title,
        "date": date_in_words(session.date, language),
        "hours": hours_text(hours, language),
        "venue": " ".join(session.venue.split()),
    }


def render(template: str, filled: Mapping[str, str]) -> list[Piece]:
    """The wording with its placeholders filled in, as pieces; the name pieces are marked."""
    pieces: list[Piece] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            pieces.append(Piece(template[position : match.start()]))
        key = match.group(1)
        pieces.append(Piece(filled.get(key, match.group(0)), key in ("name", "name_dative")))
        position = match.end()
    if position < len(template):
        pieces.append(Piece(template[position:]))
    return pieces


def certificate_text(session: DesignSession, full_name: str, hours: Decimal) -> list[Piece]:
    """One person's wording in the session's language."""
    with force_locale(session.language):
        return render(wording_of(session), values(session, full_name, hours))
