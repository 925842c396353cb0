"""Console messages in the user's language: --lang, else the system locale, else Russian."""

from __future__ import annotations

import functools
import locale
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import click

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
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


def console_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language for console output: the one asked for, else the system's, else Russian."""
    if explicit in LANGUAGES:
        return explicit
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        if environ.get(variable):
            return _code(environ[variable]) or DEFAULT_LANGUAGE
    if os.name == "nt":  # Windows sets no locale variables
        return _code(locale.getlocale()[0]) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


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
