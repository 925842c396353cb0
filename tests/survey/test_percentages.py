"""Shares are exact and rounded half-up to one decimal, and read as people write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from facilitator.survey.percentages import average, format_number, format_percent, share

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
    assert format_number(Decimal("4.67"), "ru") == "4,67"
    assert format_number(Decimal("4.67"), "en") == "4.67"
