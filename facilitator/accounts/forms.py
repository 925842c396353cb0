"""Forms for logging in and creating the first account."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from facilitator.accounts.services import MIN_PASSWORD_LENGTH
from facilitator.webforms import LineEmailField, LineField, LinePasswordField


def new_password(label: Any) -> LinePasswordField:
    """A password being chosen: long enough, and not longer than the account keeps."""
    return LinePasswordField(
        label, validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)]
    )


def repeated_password(label: Any) -> LinePasswordField:
    """The chosen password typed again, equal to the ``password`` field."""
    return LinePasswordField(
        label,
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class LoginForm(FlaskForm):
    """A moderator logs in with e-mail and password."""

    # No format check: a login only looks the address up, and email_validator refuses
    # special-use domains such as the demo account's demo@facilitator.local.
    email = LineEmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = LinePasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me on this device"), default=True)


class SetupForm(FlaskForm):
    """The first moderator account, created with the console's one-time token."""

    token = HiddenField()
    full_name = LineField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = LineEmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = new_password(_l("Password"))
    confirm = repeated_password(_l("Repeat the password"))


class ChangePasswordForm(FlaskForm):
    """A logged-in moderator sets a new password, proving the current one."""

    current_password = LinePasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=200)]
    )
    password = new_password(_l("New password"))
    confirm = repeated_password(_l("Repeat the new password"))


class LogOutEverywhereForm(FlaskForm):
    """The button that ends every login of the account (the form carries only CSRF)."""
