"""The satisfaction survey's questions and responses from the survey feature, as records."""

from __future__ import annotations

from facilitator.columns import aware
from facilitator.materials.records import (
    CHOICE,
    SCALE,
    TEXT,
    YES_NO,
    SurveyQuestion,
    SurveyResponse,
    SurveyResults,
)
from facilitator.sessions.models import DesignSession
from facilitator.survey import results, services
from facilitator.survey.models import QuestionKind
from facilitator.text.sanitize import clean_text, one_line

#: The survey's kinds of question as the documents count them
KINDS = {
    QuestionKind.yes_no: YES_NO,
    QuestionKind.scale: SCALE,
    QuestionKind.single_choice: CHOICE,
    QuestionKind.multiple_choice: CHOICE,
    QuestionKind.text: TEXT,
}


def _answer(value: services.AnswerValue | None) -> str | int | tuple[str, ...] | None:
    """A stored answer as the documents read it: «yes»/«no», a mark, an option, options, text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    if isinstance(value, tuple):
        return tuple(one_line(option) for option in value)
    return clean_text(value).strip()


def survey_results(session: DesignSession) -> SurveyResults:
    """Every question and response; no names or times when the survey is anonymous."""
    # Held while the table is read, so the table's query fills in its questions; the summary
    # would read every response once more.
    survey = services.find_survey(session)
    table = results.responses_table(session)
    questions = tuple(
        SurveyQuestion(
            key=q.key,
            text=one_line(q.title),
            kind=KINDS[q.kind],
            scale_max=q.scale_max or 5,
            options=tuple(one_line(option) for option in q.options or ()),
            report_phrase=one_line(q.report_phrase),
        )
        for q in (survey.questions if survey else ())
    )
    keys = [column.key for column in table.columns]
    responses = tuple(
        SurveyResponse(
            answers={key: _answer(value) for key, value in zip(keys, row.values, strict=True)},
            respondent="" if table.anonymous else one_line(row.respondent or ""),
            submitted_at=None if table.anonymous else aware(row.submitted_at),
        )
        for row in table.rows
    )
    return SurveyResults(questions, responses, anonymous=table.anonymous)
