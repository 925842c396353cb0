"""Forms of the door: the registration file, the columns' meaning, a walk-in, plain actions."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from facilitator.door.headers import FIELDS, IGNORE
from facilitator.joining.forms import TOO_LONG


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def no_control(form, field) -> None:
    """Refuse control characters (they break printing and spreadsheets)."""
    if any(unicodedata.category(ch) == "Cc" for ch in field.data or ""):
        raise ValidationError(_l("Remove the control characters from the text."))


class UploadForm(FlaskForm):
    """The file of registrations: a form's export or the organisers' own list."""

    file = FileField(
        _l("Registration file (.xlsx or .csv)"),
        validators=[FileRequired(message=_l("Choose a .xlsx or .csv file."))],
        render_kw={"accept": ".xlsx,.csv,.txt,text/csv"},
        description=_l(
            "The export of a Google or Yandex form, or your own list: one person per row, "
            "with a header row. At most 5 MB."
        ),
    )


class ActionForm(FlaskForm):
    """A button that changes something: only its CSRF token is checked."""


class ImportForm(FlaskForm):
    """The preview's buttons: update the preview with the columns chosen, or import."""

    use_groups = BooleanField(_l("Place people in the groups named in the file"), default=True)
    expected = HiddenField()


def column_choices() -> list[str]:
    """The values a column's select may take."""
    return [IGNORE, *FIELDS]


class WalkInForm(FlaskForm):
    """A person who was not on the list, registered at the door."""

    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(message=_l("Enter the full name.")),
            Length(max=200, message=TOO_LONG),
            no_control,
        ],
        filters=[_strip],
        render_kw={"autocomplete": "off"},
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[Length(max=300, message=TOO_LONG), no_control],
        filters=[_strip],
        render_kw={"autocomplete": "off"},
    )
    position = StringField(
        _l("Position"),
        validators=[Length(max=200, message=TOO_LONG), no_control],
        filters=[_strip],
        render_kw={"autocomplete": "off"},
    )
    city = StringField(
        _l("City or district"),
        validators=[Length(max=200, message=TOO_LONG), no_control],
        filters=[_strip],
        render_kw={"autocomplete": "off"},
    )
