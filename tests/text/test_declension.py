"""Cases of names and speakers' gender."""

from __future__ import annotations

import pytest

from facilitator.text.declension import already_genitive, gender, genitive, instrumental


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "XIII Петербургский международный образовательный форум",
            "XIII Петербургского международного образовательного форума",
        ),
        ("Августовская конференция", "Августовской конференции"),
        ("Педагогические чтения", "Педагогических чтений"),
        ("Школа «Перспектива»", "Школы «Перспектива»"),
        ("Центр развития образования", "Центра развития образования"),
        ("Государственное бюджетное учреждение", "Государственного бюджетного учреждения"),
        ("ГБОУ СОШ № 496 Московского района", "ГБОУ СОШ № 496 Московского района"),
        ("Летний лагерь", "Летнего лагеря"),
        ("Региональные модули", "Региональных модулей"),
        ("Информационно-методический центр", "Информационно-методического центра"),
        ("Дом детского творчества", "Дома детского творчества"),
    ],
)
def test_genitive_of_events_and_organisations(name, expected):
    assert genitive(name) == expected


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Казань", "Казани"),
        ("Выборг", "Выборга"),
        ("Москва", "Москвы"),
        ("Калуга", "Калуги"),
        ("Санкт-Петербург", "Санкт-Петербурга"),
        ("Ярославль", "Ярославля"),
        ("Тверь", "Твери"),
        ("Нижний Новгород", "Нижнего Новгорода"),
        ("Колпино", "Колпино"),
        ("Ростов-на-Дону", "Ростова-на-Дону"),
    ],
)
def test_genitive_of_cities(city, expected):
    assert genitive(city, place=True) == expected


def test_unsure_names_are_not_declined():
    assert genitive("Август. PRO") is None
    assert genitive("PROFориентация от А до Я") is None


def test_plural_place_names_agree_in_number():
    assert genitive("Набережные Челны", place=True) == "Набережных Челнов"


def test_instrumental_for_co_organisers():
    assert instrumental("Центр психолого-педагогической помощи") == (
        "Центром психолого-педагогической помощи"
    )
    assert instrumental("ГБУ ДО ЦППМСП") == "ГБУ ДО ЦППМСП"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Городской методический центр", "Городским методическим центром"),
        ("Информационно-методический центр", "Информационно-методическим центром"),
        ("Летний лагерь", "Летним лагерем"),
        ("Региональные модули", "Региональными модулями"),
        ("Школа «Перспектива»", "Школой «Перспектива»"),
    ],
)
def test_instrumental_adjectives_agree_with_their_noun(name, expected):
    assert instrumental(name) == expected


def test_a_phrase_already_in_the_genitive_is_recognised():
    assert already_genitive("XIII Петербургского международного форума")
    assert not already_genitive("XIII Петербургский международный форум")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Лужецкая Ирина Геннадьевна", "f"),
        ("Кравцов Алексей Олегович", "m"),
        ("Кравцов А. О.", "m"),
        ("Шацкая О. О.", "f"),
        ("Ким Ю.", None),
    ],
)
def test_gender_from_patronymic_or_surname(name, expected):
    assert gender(name) == expected
