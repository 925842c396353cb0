"""People's names in the dative and the verb agreeing with them, from the dictionary."""

from __future__ import annotations

import pytest

from facilitator.text.person_names import dative, genitive_person, past_verb


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Иванова Мария Петровна", "Ивановой Марии Петровне"),
        ("Петров Иван Сергеевич", "Петрову Ивану Сергеевичу"),
        ("Кузьмин Дмитрий Александрович", "Кузьмину Дмитрию Александровичу"),
        ("Лужецкая Ирина Геннадьевна", "Лужецкой Ирине Геннадьевне"),
    ],
)
def test_full_names_go_into_the_dative(name, expected):
    assert dative(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # A woman's surname in -ук does not decline; the dictionary also reads it as a man's.
        ("Шевчук Анна Ивановна", "Шевчук Анне Ивановне"),
        ("Ковальчук Ирина Петровна", "Ковальчук Ирине Петровне"),
        # A surname of common gender («ms-f») does not decline either.
        ("Белых Ирина Сергеевна", "Белых Ирине Сергеевне"),
        ("Королёва Алёна Семёновна", "Королёвой Алёне Семёновне"),
    ],
)
def test_surnames_a_woman_shares_with_men_keep_their_form(name, expected):
    assert dative(name) == expected


def test_a_name_part_of_the_other_gender_leaves_the_name_to_the_caller():
    """«Ильхам» reads only as a man's name: the woman's name stays in the nominative."""
    assert dative("Мамедова Севиль Ильхам кызы") is None


def test_the_genitive_of_a_man():
    assert genitive_person("Петров Иван Сергеевич") == "Петрова Ивана Сергеевича"


@pytest.mark.parametrize("name", ["John Smith", "<script>alert(1)</script>", "{{7*7}}", ""])
def test_what_the_dictionary_cannot_read_is_left_to_the_caller(name):
    assert dative(name) is None


def test_the_verb_agrees_with_the_person():
    assert past_verb("Иванова Мария Петровна", "принял", "приняла", "принял(а)") == "приняла"
    assert past_verb("Петров Иван Сергеевич", "принял", "приняла", "принял(а)") == "принял"
    assert past_verb("Smith J.", "принял", "приняла", "принял(а)") == "принял(а)"
