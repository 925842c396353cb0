"""The certificate's wording: placeholders checked on save, filled in the right grammar."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from facilitator.certificates.wording import (
    WordingError,
    certificate_text,
    hours_text,
    render,
    validate,
)
from facilitator.sessions.models import DesignSession


def session(**fields) -> DesignSession:
    values = {
        "title": "Модели взаимодействия",
        "date": dt.date(2023, 3, 27),
        "starts_at": dt.time(11, 0),
        "kind": "design_session",
        "language": "ru",
        "venue": "актовый зал",
        "certificate_wording": "",
    } | fields
    return DesignSession(**values)


def text(pieces) -> str:
    return "".join(p.text for p in pieces).replace("\u00a0", " ")


def test_the_built_in_wording_agrees_with_a_woman(app):
    pieces = certificate_text(session(), "Иванова Мария Петровна", Decimal("2.5"))
    assert text(pieces) == (
        "Настоящий сертификат подтверждает, что Иванова Мария Петровна приняла участие "
        "в дизайн-сессии «Модели взаимодействия», 27 марта 2023 года, в объёме 2,5 часа."
    )
    assert [p.text for p in pieces if p.is_name] == ["Иванова Мария Петровна"]


def test_a_wording_in_the_dative_declines_the_name(app):
    found = session(certificate_wording="Выдан {name_dative} за участие ({hours}).")
    pieces = certificate_text(found, "Петров Иван Сергеевич", Decimal("3"))
    assert text(pieces) == "Выдан Петрову Ивану Сергеевичу за участие (3 часа)."


def test_a_woman_whose_surname_also_reads_as_a_mans_gets_her_certificate(app):
    """«Шевчук» is read as a man's surname too; the wording must not fail on it."""
    pieces = certificate_text(session(), "Шевчук Анна Ивановна", Decimal("3"))
    assert "Шевчук Анна Ивановна приняла участие" in text(pieces)


def test_a_name_the_dictionary_cannot_decline_stays_as_typed(app):
    found = session(certificate_wording="Выдан {name_dative}.")
    assert text(certificate_text(found, "John Smith", Decimal("1"))) == "Выдан John Smith."


def test_english_sessions_get_the_english_wording(app):
    pieces = certificate_text(session(language="en"), "Jane Doe", Decimal("1"))
    assert text(pieces) == (
        "This is to certify that Jane Doe took part in the design session "
        "“Модели взаимодействия” on 27 March 2023, for 1 hour."
    )


@pytest.mark.parametrize(
    ("hours", "expected"),
    [("1", "1 час"), ("2", "2 часа"), ("2.5", "2,5 часа"), ("5", "5 часов"), ("0.5", "0,5 часа")],
)
def test_hours_are_counted_in_russian(hours, expected):
    assert hours_text(Decimal(hours), "ru").replace("\u00a0", " ") == expected


def test_a_name_with_braces_or_markup_is_printed_literally():
    pieces = render("Выдан {name}.", {"name": "{hours} <b>{{7*7}}</b>"})
    assert "".join(p.text for p in pieces) == "Выдан {hours} <b>{{7*7}}</b>."


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ("Выдан {nmae} за участие", "Неизвестные подстановки: {nmae}."),
        ("Выдан {name} {{ за участие", "Фигурные скобки — только для подстановок"),
        ("Выдан участнику", "В тексте должно быть имя участника"),
        ("{name} " + "ы" * 1000, "Не больше 1000 символов."),
    ],
)
def test_a_wrong_wording_is_refused_with_the_reason(app, wording, message):
    with pytest.raises(WordingError, match=re.escape(message)):
        validate(wording)


def test_an_empty_wording_means_the_built_in_one(app):
    assert validate("   ") == ""
    assert validate("  Выдан\n{name_dative}  ") == "Выдан {name_dative}"
