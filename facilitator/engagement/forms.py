"""Forms of the open microphone, comments, voting and the voting settings.

The forms check the CSRF token and the shape of the input; the rules (limits, phases, own group)
live in the services, whose errors the views put next to the field that caused them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
)
from wtforms.validators import InputRequired, NumberRange

from facilitator.engagement.models import MAX_COMMENT_LENGTH, MAX_DOTS, RatingCriterion
from facilitator.engagement.rating import SCORES
from facilitator.sessions.models import CreativeGroup
from facilitator.webforms import LineField, TextField

#: Speaker times the moderator picks from, in seconds
SPEAKER_TIMES = (30, 60, 90, 120, 180, 240, 300, 600)
#: Prefix of a criterion's field on the rating form
SCORE_PREFIX = "score-"


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is checked."""


class RaiseHandForm(FlaskForm):
    """Raise a hand at the open microphone, optionally about one model."""

    about = SelectField(_l("I want to speak about"), validate_choice=False)

    def __init__(self, *args, groups: list[CreativeGroup] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.about.choices = [SelectChoice("", _l("The session in general"))] + [
            SelectChoice(str(g.id), g.name) for g in groups
        ]


class CommentForm(FlaskForm):
    """A written comment on a group's model."""

    body = TextField(
        _l("Your comment"),
        render_kw={"maxlength": MAX_COMMENT_LENGTH, "rows": 4},
        description=_l("Up to %(num)d characters. Shown as plain text.", num=MAX_COMMENT_LENGTH),
    )


class UpvoteForm(FlaskForm):
    """Support a comment (on=1) or withdraw the support (on=0)."""

    on = HiddenField(default="1")

    @property
    def wants_support(self) -> bool:
        """Whether the button asks to support the comment."""
        return self.on.data != "0"


class DotsForm(FlaskForm):
    """The wanted number of dots on one model; each button carries its own number."""

    dots = LineField()


class HideForm(FlaskForm):
    """Hide a comment (hidden=1) or show it again (hidden=0)."""

    hidden = HiddenField(default="1")


class RatingForm(FlaskForm):
    """Scores of one model, one radio group per criterion (fields added per session)."""

    def scores(self) -> dict[int, str | None]:
        """The submitted scores by criterion id, as typed."""
        return {
            int(name.removeprefix(SCORE_PREFIX)): field.data
            for name, field in self._fields.items()
            if name.startswith(SCORE_PREFIX)
        }


def rating_form(criteria: list[RatingCriterion], prefix: str = "", **kwargs) -> RatingForm:
    """A rating form with a 1–5 choice for each of the session's criteria."""

    class SessionRatingForm(RatingForm):
        pass

    for criterion in criteria:
        setattr(
            SessionRatingForm,
            f"{SCORE_PREFIX}{criterion.id}",
            RadioField(
                criterion.title,
                choices=[SelectChoice(str(s), str(s)) for s in SCORES],
                validate_choice=False,
            ),
        )
    return SessionRatingForm(prefix=prefix, **kwargs)


def _speaker_time_label(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _dots_field(label, default: int) -> IntegerField:
    """A number of dots from 1 to the most a session allows."""
    return IntegerField(
        label,
        validators=[
            InputRequired(message=_l("Enter a number.")),
            NumberRange(min=1, max=MAX_DOTS, message=_l("From %(min)s to %(max)s.")),
        ],
        default=default,
        render_kw={"min": 1, "max": MAX_DOTS, "inputmode": "numeric"},
    )


class VotingSettingsForm(FlaskForm):
    """The moderator's settings of the voting and the open microphone."""

    voting_mode = RadioField(
        _l("Way of voting"),
        choices=[
            SelectChoice("dots", _l("Dots: each participant places dots on the models")),
            SelectChoice("rating", _l("Rating: each participant scores models on criteria")),
        ],
        default="dots",
    )
    dots_per_participant = _dots_field(_l("Dots per participant"), 3)
    max_dots_per_model = _dots_field(_l("Most dots on one model"), 2)
    forbid_own_group = BooleanField(
        _l("Participants may not vote for their own group's model"), default=True
    )
    hide_results_until_closed = BooleanField(
        _l("Hide the results from participants and the projector until voting closes"),
        default=True,
    )
    criteria = TextField(
        _l("Rating criteria"),
        description=_l("One criterion per line; each is scored from 1 to 5."),
        render_kw={"rows": 4},
    )
    speaker_seconds = SelectField(
        _l("Time per speaker at the open microphone (minutes:seconds)"),
        choices=[SelectChoice(str(s), _speaker_time_label(s)) for s in SPEAKER_TIMES],
        default="120",
        validate_choice=False,
    )

    def criteria_titles(self) -> list[str]:
        """The criteria as listed, one per line."""
        return (self.criteria.data or "").splitlines()

    def seconds(self) -> int:
        """The chosen speaker time; 0 for anything that is not a number."""
        try:
            return int(self.speaker_seconds.data)
        except (TypeError, ValueError):
            return 0
