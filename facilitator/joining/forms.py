"""Forms for joining a session, registering, changing group, and managing the roster."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, ValidationError
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional

from facilitator.joining.services import GroupOption
from facilitator.webforms import LineEmailField, LineField, line_field

#: The group choice meaning «any group with free places»
ANY_GROUP = "auto"
#: The roster's choice meaning «take out of every group»
NO_GROUP = ""
#: WTForms fills in %(max)d
TOO_LONG = _l("At most %(max)d characters, please.")


def _text(label, max_length: int, required_message, autocomplete: str) -> LineField:
    return line_field(
        label,
        max_length,
        required=required_message,
        too_long=TOO_LONG,
        render_kw={"autocomplete": autocomplete},
    )


def group_choices(options: list[GroupOption]) -> list[tuple[str, str]]:
    """A choice per group: its id as the value, its name as the label."""
    return [(str(o.group.id), o.group.name) for o in options]


class GroupChoiceForm(FlaskForm):
    """A form whose ``group`` field picks one of the session's groups in ``options``.

    ``first_choice`` (value and label), when set, comes before the groups.
    """

    first_choice: tuple[str, Any] | None = None

    def __init__(self, *args, options: list[GroupOption], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        first = [] if self.first_choice is None else [self.first_choice]
        self.group.choices = [(value, str(label)) for value, label in first] + group_choices(
            options
        )


class EnterCodeForm(FlaskForm):
    """The start page: the code a participant heard, read or scanned."""

    code = line_field(
        _l("Session code"),
        32,
        required=_l("Enter the code of the session."),
        too_long=_l("The code is six digits."),
        render_kw={
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "code-input",
            "placeholder": "123 456",
            "pattern": "[0-9 \\-]*",
        },
    )


class RegistrationForm(GroupChoiceForm):
    """A participant tells who they are, agrees to data processing and picks a group."""

    full_name = _text(_l("Full name"), 200, _l("Enter your full name."), "name")
    organisation = _text(
        _l("Organisation"), 300, _l("Enter the organisation you work for."), "organization"
    )
    position = _text(_l("Position"), 200, _l("Enter your position."), "organization-title")
    city = _text(_l("City or district"), 200, _l("Enter your city or district."), "address-level2")
    email = LineEmailField(
        _l("E-mail (optional)"),
        validators=[
            Optional(),
            Email(message=_l("Enter a valid e-mail address, or leave the field empty.")),
            Length(max=254, message=TOO_LONG),
        ],
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
    first_choice = (ANY_GROUP, _l("Any group with free places"))

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


class ChangeGroupForm(GroupChoiceForm):
    """A participant moves to another group with free places."""

    group = RadioField(
        _l("Move to the group"),
        validators=[DataRequired(message=_l("Choose a group."))],
        validate_choice=False,
    )

    def __init__(self, *args, options: list[GroupOption], current_group_id: int | None, **kwargs):
        free = [o for o in options if not o.is_full and o.group.id != current_group_id]
        super().__init__(*args, options=free, **kwargs)

    def validate_group(self, field: RadioField) -> None:
        """Only groups with free places, other than one's own, may be chosen."""
        if field.data not in {str(o.group.id) for o in self.options}:
            raise ValidationError(_l("Choose one of the groups with free places."))


class MoveParticipantForm(GroupChoiceForm):
    """The moderator moves a participant to another group or out of every group."""

    group = SelectField(_l("Group"), validate_choice=False)
    first_choice = (NO_GROUP, _l("No group"))

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
