"""Refuse, before any view runs, input no view can use: control characters, misshapen JSON.

Forms may also arrive as a JSON object (Flask-WTF reads one when there is no form body); such an
object must hold strings or lists of strings, as a form would.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from facilitator.errors import render_error
from facilitator.guards.text import has_forbidden, strings_in

#: Methods whose body a form reads
SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _is_form_value(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _json_problem() -> str | None:
    """Why the JSON body cannot stand for a form; None when it can."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _("The request body must be a JSON object whose values are the form's fields.")
    for key, value in data.items():
        if not _is_form_value(value):
            return _("The field «%(name)s» must be a string.", name=key[:100])
    if any(has_forbidden(text) for text in strings_in(data)):
        return _("The request contains invisible control characters. Remove them and try again.")
    return None


def _form_has_forbidden() -> bool:
    for key, value in request.form.items(multi=True):
        if has_forbidden(key, multiline=False) or has_forbidden(value):
            return True
    return any(
        has_forbidden(key, multiline=False) or has_forbidden(upload.filename or "", multiline=False)
        for key, upload in request.files.items(multi=True)
    )


def refuse_bad_input():
    """A 400 answer for a request with forbidden characters or a misshapen body, else None."""
    if has_forbidden(request.path, multiline=False) or any(
        has_forbidden(key, multiline=False) or has_forbidden(value)
        for key, value in request.args.items(multi=True)
    ):
        return render_error(
            400, _("The address contains invisible control characters. Check the link.")
        )
    if request.method not in SUBMIT_METHODS:
        return None
    if request.is_json:
        problem = _json_problem()
        return None if problem is None else render_error(400, problem)
    if _form_has_forbidden():
        return render_error(
            400,
            _(
                "The form contains invisible control characters, such as a NUL byte. "
                "Retype the text instead of pasting it and submit the form again."
            ),
        )
    return None
