"""The console's language: --lang, else the system locale, else Russian."""

from __future__ import annotations

import pytest

from facilitator.console import console_language, operator_language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LANG": "C.UTF-8"}, "ru"),
        ({"LANG": "de_DE.UTF-8"}, "ru"),
        ({}, "ru"),
    ],
)
def test_the_system_locale_decides_and_russian_is_the_default(environ, expected):
    assert console_language(None, environ) == expected


def test_lang_wins_over_the_locale():
    assert console_language("en", {"LANG": "ru_RU.UTF-8"}) == "en"
    assert console_language("ru", {"LANG": "en_US.UTF-8"}) == "ru"


def test_facilitator_language_wins_over_the_locale_but_not_over_lang():
    environ = {"FACILITATOR_LANGUAGE": "en", "LANG": "ru_RU.UTF-8"}
    assert console_language(None, environ) == "en"
    assert console_language("ru", environ) == "ru"
    assert console_language(None, {"FACILITATOR_LANGUAGE": "de", "LANG": "en_US.UTF-8"}) == "en"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"FACILITATOR_LANGUAGE": "ru"}, "ru"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_operators_messages_default_to_english(environ, expected):
    assert operator_language(environ) == expected
