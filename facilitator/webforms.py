"""Form helpers that every feature's forms and views share: typed text fields and their checks.

A field a person types one line into (a name, a title, an e-mail) refuses tabs, line breaks and
every other control character; a multi-line field accepts line breaks and tabs but no other
control character. Both trim the spaces around what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from flask import abort, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, Field, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, StopValidation

FormT = TypeVar("FormT", bound=FlaskForm)

#: C0 and C1 controls (tab and line breaks among them), DEL, and the Unicode line and paragraph
#: separators: none belongs in a name or a title, and each breaks a printed line or a table cell
ONE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: The same but tab, line feed and carriage return, which a multi-line text is made of
MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

ONE_LINE_MESSAGE = _l(
    "Type this on one line: remove tabs, line breaks and other control characters."
)
MULTI_LINE_MESSAGE = _l("Remove the control characters from the text.")
#: The message of a required field left empty
FILL_IN = _l("Fill in this field.")


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


def form_page(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """Show a form page; after a refused submission with 422, having saved nothing."""
    return render_template(template, form=form, **context), 422 if form.is_submitted() else 200


def strip(value: Any) -> Any:
    """Trim the spaces around typed text (phones add them after autocompleted words)."""
    return value.strip() if isinstance(value, str) else value


def field_values(form: FlaskForm, names: Iterable[str]) -> dict[str, Any]:
    """The data of the form's named fields, by name."""
    return {name: form[name].data for name in names}


def nonempty_lines(text: str | None) -> list[str]:
    """The lines of a multi-line text, each trimmed, the blank ones left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CharacterCheck:
    """A validator that stops a field whose text holds a character the pattern matches."""

    def __init__(self, forbidden: re.Pattern[str], message: Any) -> None:
        self.forbidden = forbidden
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and self.forbidden.search(field.data):
            raise StopValidation(str(self.message))


#: Refuses tabs, line breaks, other control characters and Unicode line separators
one_line = CharacterCheck(ONE_LINE_FORBIDDEN, ONE_LINE_MESSAGE)
#: Refuses control characters but tab and line breaks
multi_line = CharacterCheck(MULTI_LINE_FORBIDDEN, MULTI_LINE_MESSAGE)


class _CheckedText:
    """Mixin of a text field: its character check runs first, and typed text is trimmed."""

    check: CharacterCheck = one_line
    trims = True

    def __init__(
        self,
        label: Any = None,
        validators: Iterable[Callable[..., Any]] | None = None,
        filters: Sequence[Callable[[Any], Any]] = (),
        **kwargs: Any,
    ) -> None:
        filters = (strip, *filters) if self.trims else tuple(filters)
        super().__init__(label, [self.check, *(validators or ())], filters=filters, **kwargs)  # type: ignore[call-arg]


class LineField(_CheckedText, StringField):
    """One line of text, trimmed: tabs, line breaks and control characters are refused."""


class LineEmailField(_CheckedText, EmailField):
    """An e-mail address on one line, trimmed."""


class LinePasswordField(_CheckedText, PasswordField):
    """A password on one line, kept exactly as typed."""

    trims = False


class TextField(_CheckedText, TextAreaField):
    """Multi-line text, trimmed: line breaks and tabs stay, other control characters are refused."""

    check = multi_line


def _length_validators(
    max_length: int, required: Any | None, too_long: Any | None
) -> list[Callable[..., Any]]:
    checks: list[Callable[..., Any]] = [] if required is None else [DataRequired(message=required)]
    return [*checks, Length(max=max_length, message=too_long)]


def line_field(
    label: Any,
    max_length: int,
    *,
    required: Any | None = None,
    too_long: Any | None = None,
    validators: Sequence[Callable[..., Any]] = (),
    **kwargs: Any,
) -> LineField:
    """A one-line field of at most ``max_length`` characters; ``required`` is its empty message."""
    checks = _length_validators(max_length, required, too_long)
    return LineField(label, [*checks, *validators], **kwargs)


def text_field(
    label: Any, max_length: int, *, too_long: Any | None = None, **kwargs: Any
) -> TextField:
    """A multi-line field of at most ``max_length`` characters, which may stay empty."""
    return TextField(label, _length_validators(max_length, None, too_long), **kwargs)


def image_field(label: Any, types: Sequence[str], description: Any) -> FileField:
    """A required image upload whose file picker offers the given media types."""
    return FileField(
        label,
        validators=[FileRequired(message=_l("Choose an image file."))],
        description=description,
        render_kw={"accept": ",".join(types)},
    )
