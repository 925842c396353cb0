"""The survey's questions and responses read from the survey services into the documents."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from facilitator.extensions import db
from facilitator.materials import sources_survey
from facilitator.materials.gather import Sources, gather
from facilitator.materials.post_release import build_post_release, generated_paragraphs
from facilitator.materials.records import CHOICE, SCALE, TEXT, YES_NO
from facilitator.materials.workbook import build_workbook
from facilitator.sessions.phases import Phase
from facilitator.survey import editor
from facilitator.survey import services as survey_services
from facilitator.survey.models import QuestionKind
from tests.materials.helpers import open_docx, plain
from tests.materials.real_session import answers


@pytest.fixture
def survey_session(make_session):
    """A Russian session in the survey phase with the default survey."""
    session = make_session(phase="survey")
    survey_services.ensure_survey(session)
    return session


def _add_choices(survey, moderator):
    editor.add_question(
        survey,
        editor.QuestionSpec(
            title="Какой формат вам ближе?",
            kind=QuestionKind.single_choice,
            required=False,
            options=("очный", "дистанционный"),
        ),
        moderator,
    )
    editor.add_question(
        survey,
        editor.QuestionSpec(
            title="Что было полезнее всего?",
            kind=QuestionKind.multiple_choice,
            required=False,
            options=("доклады", "работа в группах", "открытый микрофон"),
        ),
        moderator,
    )


def _answer_all(session, make_participant, count: int, **extra) -> None:
    survey = survey_services.find_survey(session)
    for index in range(count):
        person = make_participant(session, full_name=f"Опрошенная {index + 1}")
        given = answers(
            survey,
            interesting_useful="yes",
            format="5" if index else "3",
            practical_value="4",
            new_ideas="no",
            wishes="Спасибо!" if index == 0 else "",
            **{key: value(index) for key, value in extra.items()},
        )
        survey_services.submit(session, person, given)


def test_no_answers_say_nothing_of_a_survey(survey_session, app):
    results = sources_survey.survey_results(survey_session)
    assert [q.kind for q in results.questions] == [YES_NO, SCALE, SCALE, YES_NO, TEXT]
    assert results.responses == ()
    materials = gather(survey_session, Sources(snapshot=lambda group: None))
    assert generated_paragraphs(materials)["survey"] == ""
    assert len(open_docx(build_post_release(materials)).inline_shapes) == 0
    with app.test_request_context():
        book = load_workbook(io.BytesIO(build_workbook(materials)))
    assert book["Опрос"]["A2"].value == "Ответов на анкету пока нет."


def test_choice_questions_map_to_choice_and_count_each_chosen_option(
    survey_session, make_participant, moderator, app
):
    _add_choices(survey_services.find_survey(survey_session), moderator)
    keys = [q.key for q in survey_services.find_survey(survey_session).questions]
    single, multiple = keys[5], keys[6]
    _answer_all(
        survey_session,
        make_participant,
        4,
        **{
            single: lambda i: "очный" if i < 3 else "дистанционный",
            multiple: lambda i: ["доклады", "работа в группах"] if i < 2 else ["работа в группах"],
        },
    )
    results = sources_survey.survey_results(survey_session)
    by_key = {q.key: q for q in results.questions}
    assert by_key[single].kind == CHOICE and by_key[multiple].kind == CHOICE
    assert by_key[multiple].options == ("доклады", "работа в группах", "открытый микрофон")
    assert by_key["format"].report_phrase == "поставили высший балл интересной форме проведения"
    assert {r.answers[multiple] for r in results.responses} == {
        ("доклады", "работа в группах"),
        ("работа в группах",),
    }
    materials = gather(survey_session, Sources(snapshot=lambda group: None))
    survey = plain(generated_paragraphs(materials)["survey"])
    assert "все выбрали ответ «работа в группах» на вопрос «Что было полезнее всего?»" in survey
    assert "а 75 % поставили высший балл интересной форме проведения." in survey
    # A share of nobody is left to the chart: «0 % отметили …» is not news.
    assert survey.endswith(
        " Кроме того, 75 % опрошенных выбрали ответ «очный» на вопрос «Какой формат вам ближе?». "
        "На открытые вопросы анкеты участники дали один развёрнутый ответ."
    )
    with app.test_request_context():
        sheet = load_workbook(io.BytesIO(build_workbook(materials)))["Опрос"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert "доклады; работа в группах" in [r[-1] for r in rows]
    assert rows[0][1] == "Опрошенная 1" and rows[0][2] is not None


def test_anonymous_survey_has_no_names_or_times_in_the_workbook(
    survey_session, make_participant, moderator, app
):
    editor.set_anonymous(survey_services.find_survey(survey_session), True, moderator)
    _answer_all(survey_session, make_participant, 3)
    results = sources_survey.survey_results(survey_session)
    assert results.anonymous
    assert {(r.respondent, r.submitted_at) for r in results.responses} == {("", None)}
    survey_session.phase = Phase.closed
    db.session.commit()
    materials = gather(survey_session, Sources(snapshot=lambda group: None))
    with app.test_request_context():
        sheet = load_workbook(io.BytesIO(build_workbook(materials)))["Опрос"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "№" and "Респондент" not in header and "Отправлена" not in header
    assert header[1] == "Было ли мероприятие интересным и полезным для вас?"
    cells = [v for row in sheet.iter_rows(values_only=True) for v in row]
    assert not any(isinstance(v, str) and "Опрошенная" in v for v in cells)
    assert sheet.max_row == 4
