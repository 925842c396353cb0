"""Forms of the door: the registration file, the columns' meaning, a walk-in, plain actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField

from facilitator.door.headers import FIELDS, IGNORE
from facilitator.joining.forms import TOO_LONG
from facilitator.webforms import LineField, line_field


def _person_field(label, max_length: int, required=None) -> LineField:
    """A one-line field of the walk-in form; the browser offers no earlier visitor's words."""
    return line_field(
        label, max_length, required=required, too_long=TOO_LONG, render_kw={"autocomplete": "off"}
    )


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

    full_name = _person_field(_l("Full name"), 200, required=_l("Enter the full name."))
    organisation = _person_field(_l("Organisation"), 300)
    position = _person_field(_l("Position"), 200)
    city = _person_field(_l("City or district"), 200)
