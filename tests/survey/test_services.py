"""Responses: checked, saved whole or not at all, one per participant; results counted exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.survey import editor, services
from facilitator.survey import results as survey_results
from facilitator.survey.editor import QuestionSpec
from facilitator.survey.models import (
    QuestionKind,
    SurveyAnswer,
    SurveyOpening,
    SurveyResponse,
)
from facilitator.text.numbers import format_percent
from tests.queries import statements
from tests.survey.conftest import default_answers, question

NBSP = "\u00a0"


def responses() -> list[SurveyResponse]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SurveyResponse).order_by(SurveyResponse.id)))


def answer_rows() -> int:
    return db.session.scalar(sa.select(sa.func.count(SurveyAnswer.id))) or 0


# --- the seed's figures ------------------------------------------------------------------------


def test_eleven_responses_reproduce_the_seed_post_release_figures(
    survey_session, survey, make_participant
):
    # 11 respondents: all found it interesting, 10 gave the format a 5, 9 gave the practical
    # value a 5, 6 got new ideas; as in «100%…, 90,9%…, а 81,8%…. Более 50%…».
    for index in range(11):
        participant = make_participant(survey_session)
        services.submit(
            survey_session,
            participant,
            default_answers(
                survey,
                interesting=True,
                format_mark=5 if index < 10 else 4,
                value_mark=5 if index < 9 else 4,
                ideas=index < 6,
                wishes="Спасибо!" if index == 0 else "",
            ),
        )

    result = survey_results.summary(survey_session)

    assert (result.answered, result.total) == (11, 11)
    by_key = {q.key: q for q in result.questions}
    interesting, fmt, value, ideas = (
        by_key["interesting_useful"],
        by_key["format"],
        by_key["practical_value"],
        by_key["new_ideas"],
    )
    assert format_percent(interesting.top_share, "ru") == f"100{NBSP}%"
    assert format_percent(fmt.top_share, "ru") == f"90,9{NBSP}%"
    assert format_percent(value.top_share, "ru") == f"81,8{NBSP}%"
    assert ideas.top_share > 50
    assert format_percent(ideas.top_share, "ru") == f"54,5{NBSP}%"
    assert format_percent(fmt.top_share, "en") == "90.9%"
    assert fmt.counts == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 10}
    assert fmt.percentages["4"] == Decimal("9.1")
    assert fmt.average == Decimal("4.91")
    assert (fmt.top_mark, value.average) == (5, Decimal("4.82"))
    assert interesting.counts == {"yes": 11, "no": 0}
    assert ideas.counts == {"yes": 6, "no": 5}
    assert [t.text for t in by_key["wishes"].texts] == ["Спасибо!"]
    assert by_key["wishes"].answered == 1
    assert fmt.report_phrase == "поставили высший балл интересной форме проведения"


def test_summary_without_answers_says_so_instead_of_dividing_by_zero(survey_session, survey):
    result = survey_results.summary(survey_session)
    assert (result.answered, result.total, result.answered_share) == (0, 0, None)
    assert len(result.questions) == 5
    fmt = result.questions[1]
    assert (fmt.answered, fmt.top_share, fmt.average) == (0, None, None)
    assert set(fmt.percentages.values()) == {None}


def test_summary_counts_answered_of_all_registered(survey_session, survey, make_participant):
    people = [make_participant(survey_session) for _ in range(4)]
    services.submit(survey_session, people[0], default_answers(survey))
    result = survey_results.summary(survey_session)
    assert (result.answered, result.total, result.answered_share) == (1, 4, Decimal("25.0"))


def test_answer_count_matches_the_summary_in_one_statement(
    survey_session, survey, make_participant
):
    people = [make_participant(survey_session) for _ in range(3)]
    for person in people[:2]:
        services.submit(survey_session, person, default_answers(survey))
    with statements() as seen:
        found = survey_results.answer_count(survey_session)
    assert (found.answered, found.total) == (2, 3)
    summary = survey_results.summary(survey_session)
    assert (found.answered, found.total) == (summary.answered, summary.total)
    assert len(seen) == 1


def test_answer_count_without_a_survey_counts_the_registered(survey_session, make_participant):
    make_participant(survey_session)
    assert survey_results.answer_count(survey_session) == survey_results.AnswerCount(
        answered=0, total=1
    )


def test_the_survey_counts_answered_of_the_people_who_came(
    survey_session, survey, make_participant
):
    came = [make_participant(survey_session), make_participant(survey_session, source="walk_in")]
    make_participant(survey_session, source="import", device_id=None)
    services.submit(survey_session, came[0], default_answers(survey))
    assert services.participant_count(survey_session) == 2
    found = survey_results.answer_count(survey_session)
    assert (found.answered, found.total) == (1, 2)
    assert survey_results.summary(survey_session).total == 2


# --- checks ------------------------------------------------------------------------------------


@pytest.fixture
def custom(survey, moderator):
    """One question of each kind added by the moderator, by kind."""
    specs = {
        "scale10": QuestionSpec(
            "Насколько вероятно, что порекомендуете?", QuestionKind.scale, scale_max=10
        ),
        "single": QuestionSpec(
            "Ваша роль",
            QuestionKind.single_choice,
            options=("Учитель", "Руководитель", "Социальный партнёр"),
        ),
        "multiple": QuestionSpec(
            "Что было полезно?",
            QuestionKind.multiple_choice,
            required=False,
            options=("Доклады", "Работа в группах", "Микрофон"),
        ),
        "yes_no": QuestionSpec("Придёте ещё?", QuestionKind.yes_no),
        "text": QuestionSpec("Что улучшить?", QuestionKind.text),
    }
    return {name: editor.add_question(survey, spec, moderator) for name, spec in specs.items()}


def _valid(survey, custom, **changes):
    answers = default_answers(survey)
    answers |= {
        custom["scale10"].id: "9",
        custom["single"].id: "Учитель",
        custom["multiple"].id: ["Доклады", "Микрофон"],
        custom["yes_no"].id: "no",
        custom["text"].id: "Больше времени на группы",
    }
    answers |= {custom[name].id: value for name, value in changes.items()}
    return answers


def test_answers_of_every_kind_are_saved_and_read_back(
    survey_session, survey, custom, make_participant
):
    participant = make_participant(survey_session)
    response = services.submit(survey_session, participant, _valid(survey, custom))
    saved = services.answers_of(response)
    assert saved[custom["scale10"].id] == 9
    assert saved[custom["single"].id] == "Учитель"
    assert saved[custom["multiple"].id] == ("Доклады", "Микрофон")
    assert saved[custom["yes_no"].id] is False
    assert saved[custom["text"].id] == "Больше времени на группы"
    assert saved[question(survey, "format").id] == 5
    assert services.form_values(response)[custom["yes_no"].id] == "no"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("scale10", "", "Ответьте на этот вопрос."),
        ("scale10", "11", "Выберите оценку от 1 до 10."),
        ("scale10", "0", "Выберите оценку от 1 до 10."),
        ("scale10", "4.5", "Выберите оценку от 1 до 10."),
        ("single", "Директор", "Выберите один из предложенных вариантов."),
        ("single", None, "Ответьте на этот вопрос."),
        ("multiple", ["Доклады", "Обед"], "Выбирайте только варианты из списка."),
        ("yes_no", "может быть", "Ответьте «да» или «нет»."),
        ("text", "я" * 2001, "Не более 2000 символов."),
        ("text", "   ", "Ответьте на этот вопрос."),
    ],
)
def test_a_wrong_answer_is_refused_with_a_message_for_its_question_and_nothing_is_saved(
    survey_session, survey, custom, make_participant, name, value, message
):
    participant = make_participant(survey_session)
    with pytest.raises(services.InvalidAnswersError) as refused:
        services.submit(survey_session, participant, _valid(survey, custom, **{name: value}))
    problems = refused.value.problems
    assert list(problems) == [custom[name].id]
    assert problems[custom[name].id] == message
    assert responses() == []
    assert answer_rows() == 0


def test_every_wrong_answer_is_reported_at_once(survey_session, survey, custom, make_participant):
    participant = make_participant(survey_session)
    answers = _valid(survey, custom, scale10="99", single="?")
    answers[question(survey, "interesting_useful").id] = None
    with pytest.raises(services.InvalidAnswersError) as refused:
        services.submit(survey_session, participant, answers)
    assert set(refused.value.problems) == {
        custom["scale10"].id,
        custom["single"].id,
        question(survey, "interesting_useful").id,
    }


def test_an_optional_question_may_stay_unanswered(survey_session, survey, custom, make_participant):
    participant = make_participant(survey_session)
    response = services.submit(survey_session, participant, _valid(survey, custom, multiple=[]))
    assert custom["multiple"].id not in services.answers_of(response)
    assert question(survey, "wishes").id not in services.answers_of(response)


def test_unknown_question_ids_are_refused(survey_session, survey, make_participant):
    participant = make_participant(survey_session)
    answers = default_answers(survey) | {987654: "yes"}
    with pytest.raises(services.InvalidAnswersError) as refused:
        services.submit(survey_session, participant, answers)
    assert refused.value.problems == {}
    assert responses() == []


def test_a_question_of_another_session_s_survey_counts_as_unknown(
    survey_session, survey, make_session, make_participant
):
    other = services.ensure_survey(make_session(phase="survey"))
    participant = make_participant(survey_session)
    answers = default_answers(survey) | {other.questions[0].id: "yes"}
    with pytest.raises(services.InvalidAnswersError):
        services.submit(survey_session, participant, answers)
    assert responses() == []


def test_an_empty_submission_of_an_all_optional_survey_is_refused(
    survey_session, survey, make_participant
):
    for q in survey.questions:
        q.required = False
    db.session.commit()
    with pytest.raises(services.InvalidAnswersError) as refused:
        services.submit(survey_session, make_participant(survey_session), {})
    assert str(refused.value) == "Ответьте хотя бы на один вопрос."


def test_control_characters_are_dropped_from_text_answers(survey_session, survey, make_participant):
    participant = make_participant(survey_session)
    answers = default_answers(survey, wishes="Спасибо\x00 за\r\nвсё\x07 ")
    response = services.submit(survey_session, participant, answers)
    assert services.answers_of(response)[question(survey, "wishes").id] == "Спасибо за\nвсё"


# --- one response per participant --------------------------------------------------------------


def test_a_second_submission_edits_the_one_response(survey_session, survey, make_participant):
    participant = make_participant(survey_session)
    first = services.submit(survey_session, participant, default_answers(survey, format_mark=3))
    second = services.submit(
        survey_session, participant, default_answers(survey, format_mark=5, wishes="Ещё!")
    )
    assert first.id == second.id
    assert len(responses()) == 1
    saved = services.answers_of(responses()[0])
    assert saved[question(survey, "format").id] == 5
    assert saved[question(survey, "wishes").id] == "Ещё!"
    assert answer_rows() == 5


def test_a_refused_edit_keeps_the_earlier_answers(survey_session, survey, make_participant):
    participant = make_participant(survey_session)
    services.submit(survey_session, participant, default_answers(survey, format_mark=3))
    with pytest.raises(services.InvalidAnswersError):
        services.submit(survey_session, participant, default_answers(survey, format_mark=7))
    saved = services.answers_of(responses()[0])
    assert saved[question(survey, "format").id] == 3
    assert answer_rows() == 4


def test_a_save_that_loses_the_race_merges_into_the_response_that_won(
    survey_session, survey, make_participant, monkeypatch
):
    participant = make_participant(survey_session)
    services.submit(survey_session, participant, default_answers(survey, format_mark=2))
    real_response_of = services.response_of
    calls = []

    def stale_read(*args):
        # The first look misses the rival's committed response, as a parallel request would.
        calls.append(1)
        return None if len(calls) == 1 else real_response_of(*args)

    monkeypatch.setattr(services, "response_of", stale_read)
    response = services.submit(survey_session, participant, default_answers(survey, format_mark=4))
    assert len(calls) == 2
    assert [r.id for r in responses()] == [response.id]
    saved = services.answers_of(responses()[0])
    assert saved[question(survey, "format").id] == 4


def test_a_participant_of_another_session_cannot_answer(
    survey_session, survey, make_session, make_participant
):
    stranger = make_participant(make_session(phase="survey"))
    with pytest.raises(services.SurveyError):
        services.submit(survey_session, stranger, default_answers(survey))
    assert responses() == []


# --- open and closed ---------------------------------------------------------------------------


@pytest.mark.parametrize("phase", ["lobby", "voting", "closed"])
def test_outside_the_survey_phase_answers_are_refused(make_session, make_participant, phase):
    session = make_session(phase=phase)
    survey = services.ensure_survey(session)
    with pytest.raises(services.SurveyClosedError):
        services.submit(session, make_participant(session), default_answers(survey))
    assert responses() == []


def test_the_moderator_may_open_the_survey_early_and_close_it(
    make_session, make_participant, moderator
):
    session = make_session(phase="voting")
    survey = services.ensure_survey(session)
    participant = make_participant(session)
    editor.set_opening(survey, SurveyOpening.open, moderator)
    services.submit(session, participant, default_answers(survey, format_mark=3))
    editor.set_opening(survey, SurveyOpening.closed, moderator)
    with pytest.raises(services.SurveyClosedError) as refused:
        services.submit(session, participant, default_answers(survey, format_mark=5))
    assert str(refused.value) == "Анкета закрыта, ответы не сохранены."
    assert services.answers_of(responses()[0])[question(survey, "format").id] == 3


def test_closing_the_session_closes_even_an_early_opened_survey(
    make_session, make_participant, moderator
):
    session = make_session(phase="survey")
    survey = services.ensure_survey(session)
    editor.set_opening(survey, SurveyOpening.open, moderator)
    session.phase = "closed"
    db.session.commit()
    assert not survey.is_open and survey.has_closed
    with pytest.raises(services.SurveyClosedError):
        services.submit(session, make_participant(session), default_answers(survey))


# --- live announcements ------------------------------------------------------------------------


def test_each_committed_response_is_announced_with_answered_and_total(
    survey_session, survey, make_participant, monkeypatch
):
    from facilitator.live import broadcast

    sent = []
    monkeypatch.setattr(
        broadcast, "notify_session", lambda *args, **kwargs: sent.append((args, kwargs))
    )
    people = [make_participant(survey_session) for _ in range(3)]
    services.submit(survey_session, people[0], default_answers(survey))
    services.submit(survey_session, people[1], default_answers(survey))
    with pytest.raises(services.InvalidAnswersError):
        services.submit(survey_session, people[2], default_answers(survey, format_mark=9))
    assert [args for args, _kwargs in sent] == [
        (survey_session.id, "survey", {"answered": 1, "total": 3, "open": True}),
        (survey_session.id, "survey", {"answered": 2, "total": 3, "open": True}),
    ]


def test_a_failing_broadcast_does_not_undo_the_saved_response(
    survey_session, survey, make_participant, monkeypatch
):
    from facilitator.live import broadcast

    def broken(*args, **kwargs):
        raise RuntimeError("message queue down")

    monkeypatch.setattr(broadcast, "notify_session", broken)
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    assert len(responses()) == 1


# --- anonymity and the table -------------------------------------------------------------------


def _answer_as(session, survey, names_and_wishes, make_participant):
    for name, wish in names_and_wishes:
        participant = make_participant(session, full_name=name, organisation=f"Школа {name}")
        services.submit(session, participant, default_answers(survey, wishes=wish))


def test_named_results_and_table_show_who_answered(survey_session, survey, make_participant):
    _answer_as(
        survey_session,
        survey,
        [("Иванова Мария", "Больше практики"), ("Петров Олег", "")],
        make_participant,
    )
    wishes = survey_results.summary(survey_session).questions[4]
    assert [(t.text, t.respondent) for t in wishes.texts] == [("Больше практики", "Иванова Мария")]
    table = survey_results.responses_table(survey_session)
    assert [c.key for c in table.columns] == [
        "interesting_useful",
        "format",
        "practical_value",
        "new_ideas",
        "wishes",
    ]
    assert [row.respondent for row in table.rows] == ["Иванова Мария", "Петров Олег"]
    assert table.rows[0].organisation == "Школа Иванова Мария"
    assert table.rows[0].values == (True, 5, 5, True, "Больше практики")
    assert table.rows[1].values[4] is None
    assert table.rows[0].submitted_at is not None


def test_anonymous_results_and_table_carry_no_names(
    survey_session, survey, make_participant, moderator
):
    editor.set_anonymous(survey, True, moderator)
    _answer_as(
        survey_session,
        survey,
        [("Иванова Мария", "Яблоки"), ("Петров Олег", "Апельсины")],
        make_participant,
    )
    result = survey_results.summary(survey_session)
    assert result.anonymous
    wishes = result.questions[4]
    # Sorted, not in the order people answered.
    assert [(t.text, t.respondent) for t in wishes.texts] == [
        ("Апельсины", None),
        ("Яблоки", None),
    ]
    table = survey_results.responses_table(survey_session)
    assert table.anonymous
    assert {(r.respondent, r.organisation, r.submitted_at) for r in table.rows} == {
        (None, None, None)
    }
    assert "Иванова" not in repr(result) + repr(table)


def test_display_values_read_as_words(app):
    with app.test_request_context("/?lang=ru"):
        assert survey_results.display_value(True) == "Да"
        assert survey_results.display_value(("a", "b")) == "a; b"
        assert survey_results.display_value(None) == ""
        assert survey_results.display_value(4) == "4"
