"""The living page of the design system: every component rendered by the real templates."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from facilitator.design.icons import sprite_names
from facilitator.design.tokens import TOKEN_GROUPS

bp = Blueprint("design", __name__)


class SampleForm(FlaskForm):
    """Two fields as participants meet them: one filled, one refused with its error."""

    class Meta:
        csrf = False

    full_name = StringField(_l("Full name"), validators=[DataRequired()])
    organisation = StringField(
        _l("Organisation"),
        validators=[DataRequired()],
        description=_l("As it should appear in the materials."),
    )


@bp.route("/design")
def page():
    """The component reference; for moderators, and for anyone while the app runs in debug."""
    if not (current_app.debug or current_user.is_authenticated):
        abort(404)
    form = SampleForm(data={"full_name": "Анна Петрова", "organisation": ""}, meta={"csrf": False})
    form.validate()
    form.full_name.errors = []
    return render_template(
        "design/index.html",
        form=form,
        token_groups=TOKEN_GROUPS,
        icons=sorted(sprite_names()),
    )
