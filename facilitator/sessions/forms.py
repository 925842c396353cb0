"""Forms for preparing a session: details, agenda, groups, logos, template and team."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from facilitator.sessions import agenda, groups, preparation
from facilitator.sessions.models import CreativeGroup, DesignSession, ModelTemplate
from facilitator.sessions.phases import (
    AGENDA_KIND_LABELS,
    SESSION_KIND_LABELS,
    AgendaKind,
    SectionKind,
    SessionKind,
)
from facilitator.sessions.template_editor import MAX_COLUMNS, SectionTexts
from facilitator.webforms import (
    FILL_IN,
    LineEmailField,
    field_values,
    image_field,
    line_field,
    nonempty_lines,
    text_field,
)

LANGUAGE_CHOICES = [SelectChoice("ru", "Русский"), SelectChoice("en", "English")]
LONG_TEXT = 5000
PHONE = re.compile(r"^[0-9 +\-()]*$")
#: The hint of the fields that list people
ONE_PERSON_PER_LINE = _l("One per line: full name, position.")


def interface_language() -> str:
    """The moderator's interface language: the likely language of a new session's pages."""
    locale = str(get_locale())
    return locale if locale in {choice.value for choice in LANGUAGE_CHOICES} else "ru"


class SessionForm(FlaskForm):
    """A session's details, as printed in the post-release."""

    title = line_field(
        _l("Title"),
        300,
        required=FILL_IN,
        description=_l("As it will appear in documents, without quotes."),
    )
    kind = SelectField(
        _l("Format"),
        choices=[SelectChoice(kind.value, SESSION_KIND_LABELS[kind]) for kind in SessionKind],
        default=SessionKind.design_session.value,
    )
    theme = text_field(_l("Theme"), LONG_TEXT, description=_l("The problem the session works on."))
    date = DateField(_l("Date"), validators=[InputRequired()], default=preparation.today)
    starts_at = TimeField(_l("Starts at"), validators=[InputRequired()], default=dt.time(10, 0))
    ends_at = TimeField(_l("Ends at"), validators=[Optional()], default=dt.time(13, 0))
    venue = line_field(_l("Venue"), 500, description=_l("Address and room."))
    host_organisation = line_field(_l("Host organisation"), 500)
    co_organisers = text_field(
        _l("Co-organisers"), LONG_TEXT, description=_l("One organisation per line.")
    )
    framing_event = line_field(
        _l("Framing event"),
        500,
        description=_l("The larger event the session is part of, e.g. a forum."),
    )
    language = SelectField(
        _l("Language of participants' pages and documents"),
        choices=LANGUAGE_CHOICES,
        default=interface_language,
    )
    contact_name = line_field(_l("Contact person"), 200)
    contact_phone = line_field(
        _l("Contact phone"),
        50,
        validators=[Regexp(PHONE, message=_l("Use digits, spaces, +, - and brackets only."))],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    others_may_view_models = BooleanField(
        _l("Participants may read other groups' models"), default=True
    )
    districts_city = line_field(
        _l("City of the districts"),
        100,
        description=_l(
            "Participants name districts of this city, e.g. Saint Petersburg. "
            "Empty: taken from the venue or the host organisation."
        ),
    )
    officials = text_field(
        _l("Officials and guests present"), LONG_TEXT, description=ONE_PERSON_PER_LINE
    )
    moderators_note = text_field(
        _l("Moderators for the results letter"), LONG_TEXT, description=ONE_PERSON_PER_LINE
    )
    cultural_programme = text_field(
        _l("Cultural programme"),
        LONG_TEXT,
        description=_l("A sentence for the post-release: the guests visited the school museum."),
    )
    closing_thanks = text_field(
        _l("Closing line of thanks"),
        LONG_TEXT,
        description=_l("A sentence that ends the post-release, e.g. the participants' thanks."),
    )
    post_url = line_field(
        _l("Link to the published post"),
        500,
        render_kw={"inputmode": "url", "autocomplete": "url", "placeholder": "https://"},
        description=_l("Where the post-release was published: VK or the website."),
    )

    def validate_ends_at(self, field: TimeField) -> None:
        """The session ends after it starts."""
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_("The session must end after it starts."))

    def validate_post_url(self, field: StringField) -> None:
        """Only web links: a javascript: or data: address would be printed as a link."""
        if not field.data:
            return
        link = urlsplit(field.data)
        if link.scheme.lower() not in ("http", "https") or "." not in link.netloc:
            raise ValidationError(_("Enter a full link, https://…"))

    def validate_contact_phone(self, field: StringField) -> None:
        """A phone number has digits; one message is enough when the characters are wrong too."""
        if field.data and not field.errors and not any(ch.isdigit() for ch in field.data):
            raise ValidationError(_("Use digits, spaces, +, - and brackets only."))

    def details(self) -> dict[str, Any]:
        """The values for the session's columns."""
        kind = SessionKind(self.kind.data)
        return field_values(self, preparation.SESSION_FIELDS) | {"kind": kind}


class NewSessionForm(SessionForm):
    """A new session: its details plus how many groups and which template to start with."""

    group_count = IntegerField(
        _l("Number of creative groups"),
        validators=[InputRequired(), NumberRange(min=0, max=preparation.MAX_NEW_GROUPS)],
        default=5,
        description=_l("Named «Group 1», «Group 2», ...; you can rename them later."),
    )
    template_id = SelectField(_l("Interaction-model template"), coerce=int, default=0)

    def __init__(self, *args: Any, library: list[ModelTemplate] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.template_id.choices = [SelectChoice(0, _l("Default interaction model"))] + [
            SelectChoice(template.id, template.name) for template in library or []
        ]


class AgendaItemForm(FlaskForm):
    """One item of the programme; it must fit into the session's time."""

    starts_at = TimeField(_l("Starts at"), validators=[InputRequired()])
    duration_minutes = IntegerField(
        _l("Duration, minutes"),
        validators=[InputRequired(), NumberRange(min=1, max=600)],
        default=20,
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(kind.value, AGENDA_KIND_LABELS[kind]) for kind in AgendaKind],
        default=AgendaKind.talk.value,
    )
    title = line_field(_l("Title"), 300, required=FILL_IN)
    speaker = line_field(_l("Speaker"), 200)
    speaker_credentials = line_field(
        _l("Speaker's credentials"), 500, description=_l("Position, degree and title.")
    )

    def __init__(self, *args: Any, session: DesignSession, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.session = session

    def validate_starts_at(self, field: TimeField) -> None:
        """The item starts within the session."""
        session = self.session
        if field.data is None:
            return
        if field.data < session.starts_at:
            raise ValidationError(
                _(
                    "The session starts at %(time)s; the item cannot start earlier.",
                    time=session.starts_at.strftime("%H:%M"),
                )
            )
        if session.ends_at and field.data >= session.ends_at:
            raise ValidationError(
                _(
                    "The session ends at %(time)s; the item must start before that.",
                    time=session.ends_at.strftime("%H:%M"),
                )
            )

    def validate_duration_minutes(self, field: IntegerField) -> None:
        """The item ends when the session is still on, and on the same day."""
        start = self.starts_at.data
        if start is None or field.data is None or self.starts_at.errors:
            return
        end = agenda.minutes(start) + field.data
        session = self.session
        if session.ends_at and end > agenda.minutes(session.ends_at):
            raise ValidationError(
                _(
                    "The item would end at %(end)s, after the session ends at %(time)s.",
                    end=agenda.from_minutes(end).strftime("%H:%M"),
                    time=session.ends_at.strftime("%H:%M"),
                )
            )
        if end > agenda.MINUTES_PER_DAY:
            raise ValidationError(_("The item must end before midnight."))

    def values(self) -> dict[str, Any]:
        """The values for the item's columns."""
        return field_values(self, agenda.ITEM_FIELDS) | {"kind": AgendaKind(self.kind.data)}


class GroupForm(FlaskForm):
    """A creative group and the interaction model it works out."""

    name = line_field(_l("Name"), 200, required=FILL_IN)
    model_topic = line_field(
        _l("Model topic"),
        500,
        description=_l("E.g. «School and social partners for students' career choice»."),
    )
    description = text_field(_l("Short description"), LONG_TEXT)
    capacity = IntegerField(
        _l("Capacity"),
        validators=[InputRequired(), NumberRange(min=1, max=groups.MAX_CAPACITY)],
        default=15,
        description=_l("Most members the group takes."),
    )

    def __init__(self, *args: Any, group: CreativeGroup | None = None, **kwargs: Any):
        super().__init__(*args, obj=group, **kwargs)
        self.group = group

    def validate_capacity(self, field: IntegerField) -> None:
        """Never below the members the group already has."""
        if field.errors or field.data is None:
            return  # not a number in range: its own error says so
        problem = groups.capacity_problem(self.group, field.data)
        if problem:
            raise ValidationError(problem)

    def values(self) -> dict[str, Any]:
        """The values for the group's columns."""
        return field_values(self, groups.GROUP_FIELDS)


class LogoForm(FlaskForm):
    """An organisation's logo: a PNG or JPEG image."""

    file = image_field(_l("Logo image"), ("image/png", "image/jpeg"), _l("PNG or JPEG."))


class SectionForm(FlaskForm):
    """A section of the interaction-model template."""

    title = line_field(_l("Title"), 200, required=FILL_IN)
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice(SectionKind.text.value, _l("Text")),
            SelectChoice(SectionKind.table.value, _l("Table")),
        ],
        default=SectionKind.text.value,
    )
    hint = text_field(_l("Hint"), LONG_TEXT, description=_l("What the group should write here."))
    example = text_field(_l("Example"), LONG_TEXT)
    columns = text_field(
        _l("Table columns"), 2000, description=_l("For tables: one column title per line.")
    )

    def validate_columns(self, field: TextAreaField) -> None:
        """A table has 1 to 12 distinct, short column titles."""
        if self.kind.data != SectionKind.table.value:
            return
        titles = nonempty_lines(field.data)
        if not titles:
            raise ValidationError(_("A table needs at least one column."))
        if len(titles) > MAX_COLUMNS:
            raise ValidationError(_("A table may have at most %(num)d columns.", num=MAX_COLUMNS))
        if any(len(title) > 100 for title in titles):
            raise ValidationError(_("A column title may be at most 100 characters long."))
        if len(set(titles)) != len(titles):
            raise ValidationError(_("Column titles must differ."))

    def texts(self) -> SectionTexts:
        """What the section gives the groups besides its title: hint, example, column titles."""
        return SectionTexts(
            hint=self.hint.data,
            example=self.example.data,
            column_titles=nonempty_lines(self.columns.data),
        )


class LibraryTemplateForm(FlaskForm):
    """A name for saving the session's template to the moderator's library."""

    name = line_field(_l("Template name"), 200, required=FILL_IN)


class CoModeratorForm(FlaskForm):
    """The e-mail of an existing moderator account to add to the team."""

    email = LineEmailField(
        _l("Moderator's e-mail"),
        validators=[
            DataRequired(message=FILL_IN),
            Email(message=_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is checked."""


class MoveForm(FlaskForm):
    """Move something one place up or down."""

    direction = StringField(validators=[AnyOf(["up", "down"])])
