"""Shares are exact and rounded half-up, counts of one to nine are words, as people write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from facilitator.text.numbers import (
    average,
    counted,
    format_average,
    format_percent,
    number_in_words,
    percent,
    place_in_words,
    share,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (11, 11, "100.0"),
        (10, 11, "90.9"),
        (9, 11, "81.8"),
        (6, 11, "54.5"),
        (0, 11, "0.0"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (1, 8, "12.5"),
        (1, 16, "6.3"),  # 6.25: half-up, where banker's rounding would give 6.2
        (1, 160, "0.6"),  # 0.625
        (3, 80, "3.8"),  # 3.75
        (1, 2000, "0.1"),  # 0.05
        (1, 3000, "0.0"),
        (42, 76, "55.3"),
    ],
)
def test_share_is_exact_and_rounds_half_up_to_one_decimal(part, whole, expected):
    assert share(part, whole) == Decimal(expected)
    assert str(share(part, whole)) == expected


def test_share_of_nobody_is_none_rather_than_a_division_error():
    assert share(0, 0) is None


def test_share_refuses_a_part_larger_than_the_whole():
    with pytest.raises(ValueError):
        share(12, 11)


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        ("90.9", "ru", f"90,9{NBSP}%"),
        ("81.8", "ru", f"81,8{NBSP}%"),
        ("100.0", "ru", f"100{NBSP}%"),
        ("50.0", "ru", f"50{NBSP}%"),
        ("0.0", "ru", f"0{NBSP}%"),
        ("90.9", "en", "90.9%"),
        ("100.0", "en", "100%"),
        ("6.3", "en", "6.3%"),
    ],
)
def test_percent_is_written_the_locale_s_way(value, locale, expected):
    assert format_percent(Decimal(value), locale) == expected


def test_average_of_marks_rounds_half_up_to_two_decimals():
    assert average([5, 5, 4]) == Decimal("4.67")
    assert average([5, 4]) == Decimal("4.50")
    assert average([1, 2, 2, 2, 2, 2, 2, 2]) == Decimal("1.88")  # 1.875
    assert average([]) is None
    assert format_average(Decimal("4.67"), "ru") == "4,67"
    assert format_average(Decimal("4.67"), "en") == "4.67"
    assert format_average(Decimal("4.50"), "ru") == "4,5"


GROUPS_IN = ("творческой группе", "творческих группах", "творческих группах")
MODELS = ("модель взаимодействия", "модели взаимодействия", "моделей взаимодействия")
PEOPLE = ("человек", "человека", "человек")
#: The noun left out, as in «из пяти организаций (в том числе одной образовательной)»
EDUCATIONAL_AMONG = ("образовательной", "образовательных", "образовательных")


@pytest.mark.parametrize(
    ("count", "forms", "case", "expected"),
    [
        (5, GROUPS_IN, "loct", "пяти творческих группах"),
        (1, GROUPS_IN, "loct", "одной творческой группе"),
        (2, MODELS, "nomn", "две модели взаимодействия"),
        (1, MODELS, "nomn", "одна модель взаимодействия"),
        (8, PEOPLE, "nomn", "восемь человек"),
        (12, PEOPLE, "nomn", f"12{NBSP}человек"),
        (76, PEOPLE, "nomn", f"76{NBSP}человек"),
        (1, EDUCATIONAL_AMONG, "gent", "одной образовательной"),
        (2, EDUCATIONAL_AMONG, "gent", "двух образовательных"),
    ],
)
def test_one_to_nine_are_words_that_agree_with_their_noun(count, forms, case, expected):
    assert counted(count, forms, case) == expected


def test_number_in_words_refuses_numbers_past_nine():
    assert number_in_words(3, "gent") == "трёх"
    with pytest.raises(ValueError):
        number_in_words(10)


def test_percent_of_nobody_is_a_dash_not_zero():
    assert percent(0, 0) == "—"
    assert format_percent(None) == "—"


@pytest.mark.parametrize(
    ("place", "expected"),
    [(1, "первое"), (3, "третье"), (4, "четвёртое"), (10, "десятое"), (11, "11-е")],
)
def test_places_are_ordinal_words_up_to_ten(place, expected):
    assert place_in_words(place) == expected
