"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from urllib.parse import quote, urlencode

from flask import Flask, current_app, request
from flask_babel import get_locale, ngettext

from facilitator.cooperative import CooperativeTemplate
from facilitator.i18n import date_in_words, time_short
from facilitator.security.local_paths import is_local_path
from facilitator.text.numbers import format_number


def count_people(count: int) -> str:
    """«1 участник, 2 участника, 5 участников» in the current locale."""
    return ngettext("%(num)d participant", "%(num)d participants", count)


def local_number(value: Decimal | float) -> str:
    """A number with one decimal at most as the page's language writes it: 2,5 or 2.5."""
    return format_number(value, str(get_locale()))


def error_ids(field_id: str, errors: Sequence[object]) -> list[str]:
    """One id per message of a field: «<id>-error», then «<id>-error-2», «<id>-error-3»…"""
    return [f"{field_id}-error" + (f"-{n}" if n > 1 else "") for n in range(1, len(errors) + 1)]


def invalid_attrs(ids: Sequence[str]) -> dict[str, str]:
    """A control's attributes when it has the messages of these ids: none when it has none."""
    return {"aria-invalid": "true", "aria-describedby": " ".join(ids)} if ids else {}


def init_templating(app: Flask) -> None:
    """Register filters and the context every template sees; templates render cooperatively."""
    app.jinja_env.template_class = CooperativeTemplate
    app.jinja_env.filters["date_in_words"] = date_in_words
    app.jinja_env.filters["time_short"] = time_short
    app.jinja_env.globals["count_people"] = count_people
    app.jinja_env.globals["local_number"] = local_number
    app.jinja_env.globals["error_ids"] = error_ids
    app.jinja_env.globals["invalid_attrs"] = invalid_attrs

    @app.context_processor
    def _common_context() -> dict:
        return {
            "current_locale": str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": current_app.config["LANGUAGES"],
            "lang_url": _url_with_language,
        }


def _url_with_language(language: str) -> str:
    """The current page's path with ?lang= set, keeping the other arguments.

    Only a path on this site: for a request such as /\\evil.example the link goes to the home
    page, never to a host a browser would read into the path.
    """
    args = request.args.to_dict()
    args["lang"] = language
    path = quote(request.path, safe="/!$&'()*+,;=:@-._~")
    return f"{path if is_local_path(path) else '/'}?{urlencode(args)}"
