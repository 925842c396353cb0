"""The console's language: --lang, else the system locale, else Russian."""

from __future__ import annotations

import pytest

from facilitator.console import console_language


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
