"""Form helpers that every feature's views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_wtf import FlaskForm

FormT = TypeVar("FormT", bound=FlaskForm)


def form_or_400(form_class: Callable[..., FormT], *args: Any, **kwargs: Any) -> FormT:
    """The submitted form, validated; 400 for a button's POST that does not validate.

    For actions whose form has no field a person types into (a button and its CSRF token), so a
    refusal is a bad request rather than a message next to a field. ``args`` and ``kwargs`` go
    to the form's class or factory, for forms built for the page (its choices, its prefix).
    """
    form = form_class(*args, **kwargs)
    if not form.validate_on_submit():
        abort(400)
    return form
