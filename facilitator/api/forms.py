"""Forms of the API tokens page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length

from facilitator.api.tokens import MAX_NAME_LENGTH
from facilitator.webforms import LineField


class NewTokenForm(FlaskForm):
    """Name a new token."""

    name = LineField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=MAX_NAME_LENGTH)],
        description=_l("What will use it, e.g. «Report for the methodological centre»."),
    )


class RevokeForm(FlaskForm):
    """The revoke button: only the CSRF token is checked."""
