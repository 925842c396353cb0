"""Russian typography, dates and counts as documents print them."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.text.dates import date_in_words, time_of_day
from facilitator.text.numbers import NBSP, counted, percent, plural_form
from facilitator.text.typography import first_sentence, join_words, quoted, typograph


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (10, 11, f"90,9{NBSP}%"),
        (11, 11, f"100{NBSP}%"),
        (9, 11, f"81,8{NBSP}%"),
        (1, 8, f"12,5{NBSP}%"),
        (1, 6, f"16,7{NBSP}%"),
        (1, 40, f"2,5{NBSP}%"),
        (0, 0, "—"),
    ],
)
def test_percent_is_rounded_half_up_with_a_decimal_comma(part, whole, expected):
    assert percent(part, whole) == expected


def test_english_percent_uses_a_point_and_no_space():
    assert percent(10, 11, "en") == "90.9%"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "человек"),
        (2, "человека"),
        (5, "человек"),
        (11, "человек"),
        (21, "человек"),
        (22, "человека"),
        (112, "человек"),
    ],
)
def test_plural_forms_follow_russian_rules(count, expected):
    assert plural_form(count, ("человек", "человека", "человек")) == expected


def test_counted_binds_the_number_to_its_noun():
    forms = ("организация", "организации", "организаций")
    assert counted(12, forms) == f"12{NBSP}организаций"
    assert counted(21, forms) == f"21{NBSP}организация"


def test_dates_and_times_are_written_as_in_documents():
    assert date_in_words(dt.date(2023, 3, 27)) == f"27{NBSP}марта 2023{NBSP}года"
    assert time_of_day(dt.time(11, 0)) == "11.00"
    assert date_in_words(dt.date(2023, 3, 27), "en") == "27 March 2023"


def test_typograph_sets_non_breaking_spaces_after_numero_city_and_initials():
    text = typograph("ГБОУ СОШ №496, г. Томск, Кравцов А.О., РГПУ им. А.И. Герцена, 60%")
    assert f"№{NBSP}496" in text
    assert f"г.{NBSP}Томск" in text
    assert f"Кравцов{NBSP}А.{NBSP}О." in text
    assert f"им.{NBSP}А.{NBSP}И.{NBSP}Герцена" in text
    assert f"60{NBSP}%" in text


def test_typograph_keeps_a_number_with_the_word_it_counts():
    """«…выпускником 9» / «класса» split over two lines reads as a stray number."""
    text = typograph("каждым выпускником 9 класса, ученики 7–11 классов, 15 человек")
    assert f"9{NBSP}класса" in text
    assert f"7–11{NBSP}классов" in text
    assert f"15{NBSP}человек" in text
    # Not a time or a decimal: «в 11.00 на базе» keeps its ordinary space after the time.
    assert "11.00 на" in typograph("в 11.00 на базе")
    # Nor a school's number before a preposition, nor a number before a short word.
    assert f"№{NBSP}496 с{NBSP}углублённым" in typograph("школа № 496 с углублённым изучением")
    assert typograph("5 и 6 классы").startswith("5 и")


def test_typograph_turns_straight_quotes_into_nested_russian_quotes():
    assert typograph('проект "Школа "Перспектива" и партнёры"').endswith(
        "«Школа „Перспектива“ и\u00a0партнёры»"
    )


def test_typograph_turns_a_spaced_hyphen_into_a_dash():
    assert typograph("модель - это план") == f"модель{NBSP}— это план"


def test_typograph_is_idempotent():
    text = 'Проект "PRO" - №5, г. Омск, Иванов И.И., 50% в школе, 9 класс'
    once = typograph(text)
    assert typograph(once) == once


def test_quoted_wraps_in_guillemets_and_nests_inner_quotes():
    assert quoted("Школа «Перспектива»") == "«Школа „Перспектива“»"
    assert quoted("«Готово»") == "«Готово»"


def test_join_words_uses_the_conjunction_before_the_last_item():
    assert join_words(["Казани", "Выборга", "Томска"]) == "Казани, Выборга и Томска"


def test_first_sentence_cuts_at_a_word_with_an_ellipsis():
    assert first_sentence("Первое. Второе.") == "Первое."
    long = "слово " * 100
    assert first_sentence(long, limit=30).endswith("…")
    assert len(first_sentence(long, limit=30)) <= 31
