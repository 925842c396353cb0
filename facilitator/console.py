"""Console messages in the user's language: --lang, FACILITATOR_LANGUAGE, the system locale.

A teacher's commands (run, demo) fall back to Russian; the operator's (backup, restore, the
configuration check) to English, as a server's logs and scripts expect.
"""

from __future__ import annotations

import functools
import locale
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import click
from babel.support import NullTranslations, Translations

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
#: The operator's messages when neither FACILITATOR_LANGUAGE nor the locale says otherwise
OPERATOR_LANGUAGE = "en"
#: Set to ru or en, it wins over the system locale
LANGUAGE_VARIABLE = "FACILITATOR_LANGUAGE"
CATALOGUES = Path(__file__).resolve().parent / "translations"
#: POSIX order: the first of these that is set decides
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _code(value: str | None) -> str | None:
    """«en_GB.UTF-8» → «en», «Russian_Russia» → «ru»; None for C, POSIX and the unknown."""
    if not value:
        return None
    name = value.split(".")[0].split("@")[0].replace("-", "_").lower()
    if name.startswith("russian"):
        return "ru"
    if name.startswith("english"):
        return "en"
    code = name.split("_")[0]
    return code if code in LANGUAGES else None


def console_language(
    explicit: str | None = None,
    environ: Mapping[str, str] | None = None,
    default: str = DEFAULT_LANGUAGE,
) -> str:
    """The language for console output: asked for, FACILITATOR_LANGUAGE, the system's, default."""
    if explicit in LANGUAGES:
        return explicit
    environ = os.environ if environ is None else environ
    if environ.get(LANGUAGE_VARIABLE) in LANGUAGES:
        return environ[LANGUAGE_VARIABLE]
    for variable in LOCALE_VARIABLES:
        if environ.get(variable):
            return _code(environ[variable]) or default
    if os.name == "nt":  # Windows sets no locale variables
        return _code(locale.getlocale()[0]) or default
    return default


def operator_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the operator's messages: FACILITATOR_LANGUAGE, the locale, else English."""
    return console_language(None, environ, default=OPERATOR_LANGUAGE)


def translator(language: str) -> Callable[..., str]:
    """gettext for one language without an app: ``_("Not %(x)s.", x=1)`` as flask_babel's."""
    catalogue: NullTranslations = Translations.load(str(CATALOGUES), [language])

    def translate(text: str, **values: object) -> str:
        found = catalogue.gettext(text)
        return found % values if values else found

    return translate


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Translate `_()` into this language inside the block (needs an app context)."""
    from flask_babel import force_locale

    with force_locale(language):
        yield


language_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the messages: ru or en (default: the system's, else Russian).",
)


def with_language(func: Callable) -> Callable:
    """Add --lang to a command and run its body in that language."""

    @language_option
    @functools.wraps(func)
    def wrapper(*args, lang: str | None, **kwargs):
        with speaking(console_language(lang)):
            return func(*args, **kwargs)

    return wrapper


def with_operator_language(func: Callable) -> Callable:
    """Run an operator's command in FACILITATOR_LANGUAGE or the system's language (else English)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with speaking(operator_language()):
            return func(*args, **kwargs)

    return wrapper
