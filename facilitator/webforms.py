"""Form helpers that every feature's views share."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

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


def form_page(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """Show a form page; after a refused submission with 422, having saved nothing."""
    return render_template(template, form=form, **context), 422 if form.is_submitted() else 200


def image_field(label: str, description: str, *mimetypes: str) -> FileField:
    """A required image upload whose file picker offers only these types."""
    return FileField(
        label,
        validators=[FileRequired(message=_l("Choose an image file."))],
        description=description,
        render_kw={"accept": ",".join(mimetypes)},
    )
