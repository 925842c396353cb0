"""The one summariser behind the survey pages, the API and the documents."""

from __future__ import annotations

from decimal import Decimal

from facilitator.materials.records import SCALE, SurveyQuestion
from facilitator.materials.survey import summarise_question
from facilitator.survey.tally import CHOICE, YES_NO, tally


def test_marks_are_counted_in_scale_order_with_the_top_mark_and_the_mean():
    counted = tally(SCALE, [5, 5, 4, 5, 3], scale_max=5)
    assert counted.counts == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 3}
    assert (counted.answered, counted.top, counted.top_label) == (5, 3, "5")
    assert counted.average == Decimal("4.40")


def test_yes_no_and_choices_count_each_option_once_per_answer():
    assert tally(YES_NO, [True, False, True]).counts == {"yes": 2, "no": 1}
    counted = tally(CHOICE, [("очный", "онлайн"), "очный", ("смешанный",)], options=("очный",))
    assert counted.counts == {"очный": 2, "онлайн": 1, "смешанный": 1}
    assert (counted.top, counted.top_label) == (2, "очный")


def test_the_documents_count_typed_answers_as_the_survey_does():
    question = SurveyQuestion("format", "Оцените форму", SCALE, scale_max=5)
    summary = summarise_question(question, ["5", " 4 ", None, "", "5"])
    assert summary.answered == 3 and summary.top == 2
    assert summary.average == tally(SCALE, [5, 4, 5]).average
