"""Forms of the moderator's live panel: buttons with a CSRF token and a few values."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from facilitator.database import MAX_ID
from facilitator.live.phase_control import TIMER_CHOICES
from facilitator.live.timer import ACTIONS, MAX_MINUTES
from facilitator.sessions.phases import Phase


class ActionForm(FlaskForm):
    """A button: only the CSRF token is checked."""


class PhaseForm(FlaskForm):
    """Jump to a phase; a running timer keeps running unless the moderator chooses otherwise."""

    phase = StringField(validators=[InputRequired(), AnyOf([p.value for p in Phase])])
    timer = StringField(validators=[Optional(), AnyOf(TIMER_CHOICES)])


class ItemForm(FlaskForm):
    """Start an agenda item; its timer restarts unless the moderator chooses otherwise."""

    timer = StringField(validators=[Optional(), AnyOf(TIMER_CHOICES)])


class TimerForm(FlaskForm):
    """A timer button; `start` may say for how many minutes."""

    action = StringField(validators=[InputRequired(), AnyOf(ACTIONS)])
    minutes = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_MINUTES)])


class PresentForm(FlaskForm):
    """Show a group's model, or the next or previous group."""

    group_id = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    step = IntegerField(validators=[Optional(), AnyOf([1, -1])])
