"""The participant's form is built from the questions; the editor's form checks options."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from facilitator.survey import editor
from facilitator.survey.editor import QuestionSpec
from facilitator.survey.forms import QuestionForm, answers_form, field_name
from facilitator.survey.models import QuestionKind


def test_answer_form_has_a_field_per_question_with_the_right_choices(app, survey, moderator):
    multiple = editor.add_question(
        survey,
        QuestionSpec("Что понравилось?", QuestionKind.multiple_choice, options=("А", "Б", "В")),
        moderator,
    )
    with app.test_request_context("/?lang=ru"):
        form = answers_form(survey.questions, formdata=None)
        fields = dict((q.key, f) for q, f in form.answer_fields())
        assert [c.value for c in fields["interesting_useful"].choices] == ["yes", "no"]
        assert [c.label for c in fields["interesting_useful"].choices] == ["Да", "Нет"]
        assert [c.value for c in fields["format"].choices] == ["1", "2", "3", "4", "5"]
        assert fields["wishes"].type == "TextAreaField"
        assert [c.value for c in form[field_name(multiple)].choices] == ["А", "Б", "В"]
        html = str(form[field_name(multiple)])
        assert html.count('type="checkbox"') == 3


def test_answer_form_shows_saved_answers_again(app, survey):
    fmt = next(q for q in survey.questions if q.key == "format")
    with app.test_request_context("/"):
        form = answers_form(survey.questions, {fmt.id: "4"}, formdata=None)
        inputs = re.findall(r"<input[^>]*>", str(form[field_name(fmt)]))
    checked = [tag for tag in inputs if "checked" in tag]
    assert len(inputs) == 5
    assert len(checked) == 1 and 'value="4"' in checked[0]


def test_answer_form_marks_each_wrong_answer_in_the_session_language(app, survey):
    fmt = next(q for q in survey.questions if q.key == "format")
    interesting = survey.questions[0]
    data = MultiDict({field_name(fmt): "9"})
    with app.test_request_context("/", method="POST", data=data):
        form = answers_form(survey.questions)
        assert not form.validate()
        assert form[field_name(fmt)].errors == ["Выберите оценку от 1 до 5."]
        assert form[field_name(interesting)].errors == ["Ответьте на этот вопрос."]
        assert form.has_answer_errors()


def test_question_form_needs_two_distinct_options_for_a_choice(app):
    with app.test_request_context("/?lang=en", method="POST"):
        form = QuestionForm(
            MultiDict({"title": "Role", "kind": "single_choice", "options": "Teacher\n\n"})
        )
        assert not form.validate()
        assert form.options.errors == ["Give at least two options, one per line."]
        form = QuestionForm(
            MultiDict({"title": "Role", "kind": "multiple_choice", "options": "A\nA"})
        )
        assert not form.validate()
        assert form.options.errors == ["Options must differ."]
        form = QuestionForm(
            MultiDict({"title": "Role", "kind": "single_choice", "options": " A \nB\n"})
        )
        assert form.validate(), form.errors
        assert form.spec().options == ("A", "B")


def test_question_form_ignores_options_of_a_scale(app):
    with app.test_request_context("/", method="POST"):
        form = QuestionForm(
            MultiDict({"title": "Mark", "kind": "scale", "scale_max": "10", "options": ""})
        )
        assert form.validate(), form.errors
        spec = form.spec()
    assert (spec.kind, spec.scale_max, spec.options, spec.required) == (
        QuestionKind.scale,
        10,
        (),
        False,
    )
