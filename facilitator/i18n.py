"""Locale choice and Russian-aware formatting for pages and documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from flask import current_app, g, has_request_context, request
from flask_babel import format_date
from flask_login import current_user

from facilitator.security.cookies import cookie_options

LOCALE_COOKIE = "facilitator_lang"
#: Languages the built-in texts (the default template and survey) are written in; Russian first
BUILT_IN_LANGUAGES = ("ru", "en")


def select_locale() -> str:
    """Choose the interface language: explicit choice, then the session's, then Russian."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands: messages in the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.args.get("lang") or request.cookies.get(LOCALE_COOKIE)
    if chosen in supported:
        return chosen
    session_language = getattr(g, "session_language", None)
    if session_language in supported:
        return session_language
    if getattr(current_user, "is_authenticated", False) and current_user.locale in supported:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_locale_choice(response):
    """Keep a language picked with ?lang= for the following pages."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        response.set_cookie(LOCALE_COOKIE, chosen, **cookie_options(max_age=365 * 24 * 3600))
    return response


def date_in_words(value: dt.date) -> str:
    """Format a date as documents write it: «27 марта 2023 г.» or «March 27, 2023»."""
    return format_date(value, format="long")


def time_short(value: dt.time | None) -> str:
    """Format a time of day as 11:00."""
    return value.strftime("%H:%M") if value else ""


def built_in_texts(spec: Mapping[str, Any], language: str, names: Sequence[str]) -> dict[str, str]:
    """A built-in item's texts in the language (Russian for an unknown one), by name."""
    texts = spec[language if language in BUILT_IN_LANGUAGES else BUILT_IN_LANGUAGES[0]]
    return dict(zip(names, texts, strict=True))
