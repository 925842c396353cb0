"""The default survey is data in both languages and lands in a session in its language."""

from __future__ import annotations

import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.survey import results, services
from facilitator.survey.default_survey import DEFAULT_QUESTIONS, default_questions
from facilitator.survey.models import QuestionKind, Survey


def test_default_questions_exist_in_russian_and_english_with_the_same_shape():
    ru, en = default_questions("ru"), default_questions("en")
    assert (
        [q["key"] for q in ru]
        == [q["key"] for q in en]
        == [
            "interesting_useful",
            "format",
            "practical_value",
            "new_ideas",
            "wishes",
        ]
    )
    assert [q["kind"] for q in ru] == ["yes_no", "scale", "scale", "yes_no", "text"]
    assert [q["scale_max"] for q in ru] == [None, 5, 5, None, None]
    assert [q["required"] for q in ru] == [True, True, True, True, False]
    for spec in DEFAULT_QUESTIONS:
        assert all(spec["ru"][0]) and all(spec["en"][0])


def test_default_questions_for_an_unknown_language_are_russian():
    assert default_questions("de") == default_questions("ru")


def test_russian_session_gets_the_russian_survey_after_the_seed_post_release(make_session):
    session = make_session(language="ru")
    survey = services.ensure_survey(session)
    titles = [q.title for q in survey.questions]
    assert titles == [
        "Было ли мероприятие интересным и полезным для вас?",
        "Оцените форму проведения мероприятия",
        "Оцените практическую значимость полученных знаний",
        "Появились ли у вас новые творческие или профессиональные идеи?",
        "Ваши пожелания",
    ]
    phrases = [q.report_phrase for q in survey.questions]
    assert phrases[0] == "отметили, что мероприятие было интересно и полезно"
    assert phrases[1] == "поставили высший балл интересной форме проведения"
    assert phrases[2] == "оценили высокую практическую значимость приобретённых знаний"
    assert "новые творческие и профессиональные идеи" in phrases[3]
    assert [q.kind for q in survey.questions][1] == QuestionKind.scale
    assert not survey.anonymous


def test_english_session_gets_the_english_survey(make_session):
    session = make_session(language="en")
    survey = services.ensure_survey(session)
    assert [q.title for q in survey.questions] == [
        "Was the event interesting and useful?",
        "Rate the format of the event",
        "Rate the practical value of what you learned",
        "Did you get new creative or professional ideas?",
        "Your wishes",
    ]
    assert survey.questions[4].required is False


def test_survey_is_created_once_and_found_afterwards(make_session):
    session = make_session()
    assert services.find_survey(session) is None
    first = services.ensure_survey(session)
    second = services.ensure_survey(session)
    assert first.id == second.id
    assert db.session.scalar(sa.select(sa.func.count(Survey.id))) == 1


def test_summary_of_a_session_without_a_survey_creates_nothing(make_session, make_participant):
    session = make_session()
    make_participant(session)
    result = results.summary(session)
    assert (result.answered, result.total, result.questions) == (0, 1, ())
    assert services.find_survey(session) is None
