"""Form helpers that every feature's views share."""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_wtf import FlaskForm

FormT = TypeVar("FormT", bound=FlaskForm)


def form_or_400(form_class: type[FormT]) -> FormT:
    """The submitted form, validated; 400 for a button's POST that does not validate.

    For actions whose form has no field a person types into (a button and its CSRF token), so a
    refusal is a bad request rather than a message next to a field.
    """
    form = form_class()
    if not form.validate_on_submit():
        abort(400)
    return form
