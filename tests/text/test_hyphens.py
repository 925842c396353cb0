"""Soft hyphens at syllable breaks of long words."""

from __future__ import annotations

from facilitator.text.hyphens import SOFT_HYPHEN, soft_hyphens


def test_a_long_russian_word_gets_soft_hyphens_and_reads_the_same_without_them():
    hyphenated = soft_hyphens("профориентационной")
    assert SOFT_HYPHEN in hyphenated
    assert hyphenated.replace(SOFT_HYPHEN, "") == "профориентационной"


def test_short_words_and_numbers_are_left_whole():
    assert soft_hyphens("ГБОУ СОШ № 496, 7–11 классы") == "ГБОУ СОШ № 496, 7–11 классы"


def test_the_parts_of_a_compound_word_may_be_left_whole():
    text = "педагог-организатор взаимодействия"
    kept = soft_hyphens(text, in_compounds=False)
    assert kept.startswith("педагог-организатор ")
    assert SOFT_HYPHEN in kept.split(" ")[1]
    assert SOFT_HYPHEN in soft_hyphens(text).split(" ")[0]
