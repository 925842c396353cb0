"""The moderator adds, edits, reorders and removes questions; answered ones keep their shape."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.survey import editor, services
from facilitator.survey.editor import QuestionSpec
from facilitator.survey.models import QuestionKind, SurveyAnswer, SurveyResponse
from tests.survey.conftest import default_answers, question


def test_added_question_goes_last_with_a_key_from_its_title(survey, moderator):
    added = editor.add_question(
        survey,
        QuestionSpec("Ваша роль на сессии", QuestionKind.single_choice, options=("А", "Б")),
        moderator,
    )
    again = editor.add_question(
        survey, QuestionSpec("Ваша роль на сессии", QuestionKind.text), moderator
    )
    assert [q.key for q in survey.questions][-2:] == [
        "vasha_rol_na_sessii",
        "vasha_rol_na_sessii_2",
    ]
    assert added.position == 5 and again.position == 6
    assert (added.options, added.scale_max) == (["А", "Б"], None)


def test_fields_a_kind_does_not_use_are_cleared(survey, moderator):
    added = editor.add_question(
        survey,
        QuestionSpec("Оценка", QuestionKind.scale, scale_max=10, options=("лишнее",)),
        moderator,
    )
    assert (added.scale_max, added.options) == (10, [])
    text = editor.add_question(
        survey, QuestionSpec("Текст", QuestionKind.text, scale_max=10), moderator
    )
    assert text.scale_max is None


def test_a_question_without_answers_may_change_completely(survey, moderator):
    fmt = question(survey, "format")
    editor.update_question(
        fmt,
        QuestionSpec("Формат", QuestionKind.single_choice, required=False, options=("Да", "Нет")),
        moderator,
    )
    db.session.expire_all()
    assert (fmt.title, fmt.kind, fmt.options, fmt.required, fmt.key) == (
        "Формат",
        QuestionKind.single_choice,
        ["Да", "Нет"],
        False,
        "format",
    )


def test_an_answered_question_keeps_its_kind_scale_and_options_but_may_be_reworded(
    survey_session, survey, make_participant, moderator
):
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    fmt = question(survey, "format")
    with pytest.raises(editor.EditorError):
        editor.update_question(
            fmt, QuestionSpec(fmt.title, QuestionKind.scale, scale_max=10), moderator
        )
    with pytest.raises(editor.EditorError):
        editor.update_question(fmt, QuestionSpec(fmt.title, QuestionKind.yes_no), moderator)
    editor.update_question(
        fmt,
        QuestionSpec("Оцените формат", QuestionKind.scale, scale_max=5, hint="1–5"),
        moderator,
    )
    db.session.expire_all()
    assert (fmt.title, fmt.scale_max, fmt.hint) == ("Оцените формат", 5, "1–5")


def test_removing_a_question_removes_its_answers_and_responses_left_empty(
    survey_session, survey, make_participant, moderator
):
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    extra = editor.add_question(survey, QuestionSpec("Новый", QuestionKind.yes_no), moderator)
    for q in survey.questions:
        q.required = False
    db.session.commit()
    only_new = make_participant(survey_session)
    services.submit(survey_session, only_new, {extra.id: "yes"})

    assert editor.delete_question(extra, moderator) == 1

    db.session.expire_all()
    assert [q.position for q in survey.questions] == [0, 1, 2, 3, 4]
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(SurveyAnswer.id))) == 4
    assert editor.delete_question(question(survey, "format"), moderator) == 1
    assert db.session.scalar(sa.select(sa.func.count(SurveyAnswer.id))) == 3


def test_questions_move_up_and_down(survey, moderator):
    ideas = question(survey, "new_ideas")
    editor.order.move(ideas, "up", moderator)
    assert [q.key for q in survey.questions][2:4] == ["new_ideas", "practical_value"]
    editor.order.move(survey.questions[0], "up", moderator)  # already first: nothing moves
    assert survey.questions[0].key == "interesting_useful"


def test_anonymity_can_be_switched_on_any_time_but_off_only_before_answers(
    survey_session, survey, make_participant, moderator
):
    editor.set_anonymous(survey, True, moderator)
    editor.set_anonymous(survey, False, moderator)
    assert not survey.anonymous
    editor.set_anonymous(survey, True, moderator)
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    db.session.expire_all()
    with pytest.raises(editor.EditorError):
        editor.set_anonymous(survey, False, moderator)
    assert survey.anonymous


def test_answer_counts_per_question(survey_session, survey, make_participant):
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    services.submit(
        survey_session, make_participant(survey_session), default_answers(survey, wishes="Да")
    )
    counts = editor.answer_counts(survey)
    assert counts[question(survey, "format").id] == 2
    assert counts[question(survey, "wishes").id] == 1
