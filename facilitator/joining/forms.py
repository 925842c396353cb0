"""Forms for joining a session, registering, changing group, and managing the roster."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional

from facilitator.joining.services import GroupOption

#: The group choice meaning «any group with free places»
ANY_GROUP = "auto"
#: The roster's choice meaning «take out of every group»
NO_GROUP = ""
#: WTForms fills in %(max)d
TOO_LONG = _l("At most %(max)d characters, please.")


def _strip(value):
    """Drop the spaces phones add before and after autocompleted words."""
    return value.strip() if isinstance(value, str) else value


def _text(label, max_length: int, required_message, autocomplete: str) -> StringField:
    return StringField(
        label,
        validators=[
            DataRequired(message=required_message),
            Length(max=max_length, message=TOO_LONG),
        ],
        filters=[_strip],
        render_kw={"autocomplete": autocomplete},
    )


class EnterCodeForm(FlaskForm):
    """The start page: the code a participant heard, read or scanned."""

    code = StringField(
        _l("Session code"),
        validators=[
            DataRequired(message=_l("Enter the code of the session.")),
            Length(max=32, message=_l("The code is six digits.")),
        ],
        filters=[_strip],
        render_kw={
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "code-input",
            "placeholder": "123 456",
            "pattern": "[0-9 \\-]*",
        },
    )


class RegistrationForm(FlaskForm):
    """A participant tells who they are, agrees to data processing and picks a group."""

    full_name = _text(_l("Full name"), 200, _l("Enter your full name."), "name")
    organisation = _text(
        _l("Organisation"), 300, _l("Enter the organisation you work for."), "organization"
    )
    position = _text(_l("Position"), 200, _l("Enter your position."), "organization-title")
    city = _text(_l("City or district"), 200, _l("Enter your city or district."), "address-level2")
    email = EmailField(
        _l("E-mail (optional)"),
        validators=[
            Optional(),
            Email(message=_l("Enter a valid e-mail address, or leave the field empty.")),
            Length(max=254, message=TOO_LONG),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "email"},
        description=_l("To receive the group materials after the session."),
    )
    consent = BooleanField(
        _l("I consent to the processing of my personal data"),
        validators=[
            DataRequired(
                message=_l(
                    "Without consent to the processing of personal data you cannot take part."
                )
            )
        ],
    )
    group = RadioField(_l("Creative group"), default=ANY_GROUP, validate_choice=False)

    def __init__(self, *args, options: list[GroupOption], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        self.group.choices = [(ANY_GROUP, str(_l("Any group with free places")))] + [
            (str(o.group.id), o.group.name) for o in options
        ]

    def validate_group(self, field: RadioField) -> None:
        """Refuse unknown groups and groups that filled up while the page was open."""
        if not field.data or field.data == ANY_GROUP:
            return
        option = next((o for o in self.options if str(o.group.id) == field.data), None)
        if option is None:
            raise ValidationError(_l("Choose one of the groups listed."))
        if option.is_full:
            raise ValidationError(
                _l("The group «%(name)s» is full. Choose another group.", name=option.group.name)
            )

    @property
    def chosen_group_id(self) -> int | None:
        """The chosen group's id, or None for any group with free places."""
        return None if self.group.data in (None, "", ANY_GROUP) else int(self.group.data)


class ChangeGroupForm(FlaskForm):
    """A participant moves to another group with free places."""

    group = RadioField(
        _l("Move to the group"),
        validators=[DataRequired(message=_l("Choose a group."))],
        validate_choice=False,
    )

    def __init__(self, *args, options: list[GroupOption], current_group_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = [o for o in options if not o.is_full and o.group.id != current_group_id]
        self.group.choices = [(str(o.group.id), o.group.name) for o in self.options]

    def validate_group(self, field: RadioField) -> None:
        """Only groups with free places, other than one's own, may be chosen."""
        if field.data not in {str(o.group.id) for o in self.options}:
            raise ValidationError(_l("Choose one of the groups with free places."))


class MoveParticipantForm(FlaskForm):
    """The moderator moves a participant to another group or out of every group."""

    group = SelectField(_l("Group"), validate_choice=False)

    def __init__(self, *args, options: list[GroupOption], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        self.group.choices = [(NO_GROUP, str(_l("No group")))] + [
            (str(o.group.id), o.group.name) for o in options
        ]

    def validate_group(self, field: SelectField) -> None:
        """Only the session's own groups."""
        if field.data and field.data not in {str(o.group.id) for o in self.options}:
            raise ValidationError(_l("Choose one of the groups listed."))

    @property
    def chosen_group_id(self) -> int | None:
        """The target group's id, or None to take the person out of every group."""
        return int(self.group.data) if self.group.data else None


class LeaderForm(FlaskForm):
    """The moderator names or un-names a group leader."""

    leader = HiddenField(validators=[AnyOf(["0", "1"], message=_l("Invalid request."))])
