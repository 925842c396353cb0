"""Forms of the survey: the participant's answers (built from the questions) and the editor's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from facilitator.survey import services
from facilitator.survey.editor import MAX_OPTION_LENGTH, MAX_OPTIONS, QuestionSpec
from facilitator.survey.models import (
    QUESTION_KIND_LABELS,
    QuestionKind,
    SurveyOpening,
    SurveyQuestion,
)
from facilitator.webforms import FILL_IN, line_field, multi_line, nonempty_lines, text_field


def field_name(question: SurveyQuestion) -> str:
    """The form field that carries the answer to a question."""
    return f"q{question.id}"


class AnswerCheck:
    """Checks a field's answer with the same rules the service applies when saving."""

    def __init__(self, question: SurveyQuestion) -> None:
        self.question = question

    def __call__(self, form: FlaskForm, field: Field) -> None:
        try:
            services.parse_answer(self.question, field.data)
        except services.InvalidAnswersError as error:
            raise StopValidation(error.problems.get(self.question.id, str(error))) from error


def _choices(question: SurveyQuestion) -> list[SelectChoice]:
    """The answers a question offers: yes or no, the marks of its scale, or its options."""
    if question.kind == QuestionKind.yes_no:
        return [SelectChoice(services.YES, _("Yes")), SelectChoice(services.NO, _("No"))]
    if question.kind == QuestionKind.scale:
        return [SelectChoice(str(mark)) for mark in range(1, (question.scale_max or 5) + 1)]
    return [SelectChoice(option) for option in question.options]


def _answer_field(question: SurveyQuestion) -> Field:
    """The field a question is answered with."""
    validators = [AnswerCheck(question)]
    if question.kind == QuestionKind.text:
        # A text area, not a TextField: the service trims the answer as it saves it.
        return TextAreaField(
            question.title,
            validators=[multi_line, *validators],
            render_kw={"maxlength": services.MAX_TEXT, "rows": 4},
        )
    if question.kind == QuestionKind.multiple_choice:
        return SelectMultipleField(
            question.title,
            choices=_choices(question),
            validators=validators,
            validate_choice=False,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
        )
    return RadioField(
        question.title, choices=_choices(question), validators=validators, validate_choice=False
    )


class AnswersForm(FlaskForm):
    """A participant's answers; build it with ``answers_form``."""

    questions: Sequence[SurveyQuestion] = ()

    def answer_fields(self) -> list[tuple[SurveyQuestion, Field]]:
        """Each question with the field that answers it, in order."""
        return [(q, self[field_name(q)]) for q in self.questions]

    def raw_answers(self) -> dict[int, Any]:
        """What was sent, by question id, for the service to check and save."""
        return {q.id: field.data for q, field in self.answer_fields()}

    def has_answer_errors(self) -> bool:
        """Whether any question is marked with an error."""
        return any(field.errors for _question, field in self.answer_fields())

    def show_problems(self, problems: dict[int, str]) -> None:
        """Put the service's messages next to their questions."""
        for question, field in self.answer_fields():
            if question.id in problems:
                field.errors = [*field.errors, problems[question.id]]


def answers_form(
    questions: Sequence[SurveyQuestion], saved: dict[int, Any] | None = None, **kwargs: Any
) -> AnswersForm:
    """A form with a field per question; ``saved`` fills it with earlier answers."""

    class _Answers(AnswersForm):
        pass

    for question in questions:
        setattr(_Answers, field_name(question), _answer_field(question))
    _Answers.questions = tuple(questions)
    data = {f"q{qid}": value for qid, value in (saved or {}).items()}
    return _Answers(data=data, **kwargs)


class QuestionForm(FlaskForm):
    """A survey question as the moderator writes it."""

    title = line_field(_l("Question"), 500, required=FILL_IN)
    kind = SelectField(
        _l("Kind of answer"),
        choices=[SelectChoice(kind.value, QUESTION_KIND_LABELS[kind]) for kind in QuestionKind],
        default=QuestionKind.scale.value,
    )
    scale_max = SelectField(
        _l("Scale"),
        choices=[SelectChoice("5", _l("1 to 5")), SelectChoice("10", _l("1 to 10"))],
        default="5",
        description=_l("For scales only."),
    )
    options = text_field(
        _l("Options"),
        MAX_OPTIONS * (MAX_OPTION_LENGTH + 2),
        description=_l("For choices only: one option per line."),
    )
    required = BooleanField(_l("An answer is required"), default=True)
    hint = line_field(
        _l("Hint"), 500, description=_l("A line under the question, e.g. what 1 and 5 mean.")
    )
    report_phrase = line_field(
        _l("Wording for the post-release"),
        500,
        description=_l(
            "Follows the percentage of top answers, e.g. «gave the format the top mark»."
        ),
    )

    def validate_options(self, field: TextAreaField) -> None:
        """A choice has 2 to 20 distinct, short options."""
        if self.kind.data not in {kind.value for kind in QuestionKind}:
            return  # the kind's own error says it is unknown
        if not QuestionKind(self.kind.data).has_options:
            return
        options = nonempty_lines(field.data)
        if len(options) < 2:
            raise ValidationError(_("Give at least two options, one per line."))
        if len(options) > MAX_OPTIONS:
            raise ValidationError(_("At most %(num)d options, please.", num=MAX_OPTIONS))
        if any(len(option) > MAX_OPTION_LENGTH for option in options):
            raise ValidationError(
                _("An option may be at most %(num)d characters long.", num=MAX_OPTION_LENGTH)
            )
        if len(set(options)) != len(options):
            raise ValidationError(_("Options must differ."))

    def spec(self) -> QuestionSpec:
        """The question as the editor service takes it."""
        return QuestionSpec(
            title=self.title.data,
            kind=QuestionKind(self.kind.data),
            required=bool(self.required.data),
            hint=self.hint.data or "",
            scale_max=int(self.scale_max.data or 5),
            options=tuple(nonempty_lines(self.options.data)),
            report_phrase=self.report_phrase.data or "",
        )

    def lock_shape(self, question: SurveyQuestion) -> None:
        """Keep the question's kind, scale and options: people have answered it."""
        self.kind.data = question.kind.value
        self.scale_max.data = str(question.scale_max or 5)
        self.options.data = "\n".join(question.options or [])
        for name in ("kind", "scale_max", "options"):
            self[name].render_kw = {**(self[name].render_kw or {}), "disabled": True}


class AnonymityForm(FlaskForm):
    """Whether responses are kept apart from names."""

    anonymous = BooleanField(_l("Anonymous survey"))


class OpeningForm(FlaskForm):
    """Open the survey now, close it, or let the survey phase open it."""

    opening = StringField(
        validators=[AnyOf([o.value for o in SurveyOpening], message=_l("Invalid request."))]
    )
