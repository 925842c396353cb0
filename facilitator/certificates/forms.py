"""The moderator's form for the certificates' wording and signatures."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import Length, ValidationError

from facilitator.certificates.wording import WordingError, validate
from facilitator.webforms import TextField, nonempty_lines

MAX_SIGNATURES = 4


class WordingForm(FlaskForm):
    """The wording with placeholders (empty: the built-in one) and who signs, one per line."""

    wording = TextField(
        _l("Wording"),
        validators=[Length(max=2000)],
        render_kw={"rows": 4},
    )
    signatures = TextField(
        _l("Who signs, one per line"),
        description=_l(
            "For example: «Директор ГБОУ СОШ № 496, Иванов И. И.». At most four lines; "
            "empty: the moderators listed on the session."
        ),
        validators=[Length(max=1000)],
        render_kw={"rows": 3},
    )

    def validate_wording(self, field) -> None:
        """Only known placeholders, and the person's name among them."""
        try:
            field.data = validate(field.data or "")
        except WordingError as error:
            raise ValidationError(str(error)) from error

    def validate_signatures(self, field) -> None:
        """At most four signers, each on one line."""
        lines = nonempty_lines(field.data)
        if len(lines) > MAX_SIGNATURES:
            raise ValidationError(
                _(
                    "At most %(num)d lines: the page has room for that many signatures.",
                    num=MAX_SIGNATURES,
                )
            )
        if any(len(line) > 200 for line in lines):
            raise ValidationError(_("Each line holds at most 200 characters."))
        field.data = "\n".join(lines)
