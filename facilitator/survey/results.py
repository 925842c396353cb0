"""Survey results: counts, summaries per question and the table of responses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from facilitator.extensions import db
from facilitator.sessions import counts
from facilitator.sessions.models import DesignSession, Participant
from facilitator.survey.models import (
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)
from facilitator.survey.services import TALLY_KINDS, AnswerValue, answer_value, participant_count
from facilitator.survey.tally import tally
from facilitator.text.numbers import share


@dataclass(frozen=True)
class TextAnswer:
    """A free-text answer; ``respondent`` is empty in an anonymous survey."""

    text: str
    respondent: str | None = None


@dataclass(frozen=True)
class QuestionSummary:
    """One question's answers counted.

    ``counts`` and ``percentages`` share their keys, in display order: "yes"/"no" for yes-or-no,
    "1".."5" (or "10") for scales, the option texts for choices, nothing for free text.
    Percentages are of the people who answered this question, rounded half-up to 0.1; for
    several options they may add up to more than 100.
    """

    id: int
    key: str
    kind: QuestionKind
    title: str
    required: bool
    answered: int
    counts: dict[str, int] = field(default_factory=dict)
    percentages: dict[str, Decimal | None] = field(default_factory=dict)
    #: Mean mark of a scale
    average: Decimal | None = None
    #: The scale's highest mark
    top_mark: int | None = None
    #: Share of the highest mark (scales) or of «yes» (yes-or-no)
    top_share: Decimal | None = None
    texts: tuple[TextAnswer, ...] = ()
    report_phrase: str = ""
    scale_max: int | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurveySummary:
    """The survey's results: how many answered of how many registered, and every question."""

    answered: int
    total: int
    questions: tuple[QuestionSummary, ...] = ()
    anonymous: bool = False
    is_open: bool = False

    @property
    def answered_share(self) -> Decimal | None:
        """Share of registered participants who answered."""
        return share(min(self.answered, self.total), self.total)


def _summarise(
    question: SurveyQuestion, given: list[tuple[AnswerValue, str | None]]
) -> QuestionSummary:
    """Count one question's answers; ``given`` pairs each answer with its respondent's name."""
    values = [value for value, _name in given]
    answered = len(values)
    base: dict[str, Any] = {
        "id": question.id,
        "key": question.key,
        "kind": question.kind,
        "title": question.title,
        "required": question.required,
        "answered": answered,
        "report_phrase": question.report_phrase,
        "scale_max": question.scale_max,
        "options": tuple(question.options or ()),
    }
    kind = question.kind
    if kind == QuestionKind.text:
        texts = [TextAnswer(str(value), name) for value, name in given]
        return QuestionSummary(**base, texts=tuple(texts))
    top_mark = question.scale_max or 5
    counted = tally(TALLY_KINDS[kind], values, top_mark, tuple(question.options or ()))
    counts = counted.counts
    if kind == QuestionKind.yes_no:
        return QuestionSummary(
            **base,
            counts=counts,
            percentages=_shares(counts, answered),
            top_share=share(counted.top, answered),
        )
    if kind == QuestionKind.scale:
        return QuestionSummary(
            **base,
            counts=counts,
            percentages=_shares(counts, answered),
            average=counted.average,
            top_mark=top_mark,
            top_share=share(counted.top, answered),
        )
    return QuestionSummary(**base, counts=counts, percentages=_shares(counts, answered))


def _shares(counts: Mapping[str, int], whole: int) -> dict[str, Decimal | None]:
    return {key: share(count, whole) for key, count in counts.items()}


def _loaded_survey(session: DesignSession) -> Survey | None:
    return db.session.scalar(
        sa.select(Survey)
        .filter_by(session_id=session.id)
        .options(
            so.selectinload(Survey.questions),
            so.selectinload(Survey.responses).selectinload(SurveyResponse.answers),
            so.selectinload(Survey.responses).selectinload(SurveyResponse.participant),
        )
        .execution_options(populate_existing=True)
    )


@dataclass(frozen=True)
class AnswerCount:
    """How many of the registered participants answered the survey; no answers, no names."""

    answered: int
    total: int


def answer_count(session: DesignSession) -> AnswerCount:
    """The summary's ``answered`` and ``total`` in one query, without reading any answer."""
    answered = (
        sa.select(sa.func.count(SurveyResponse.id))
        .join(Survey, SurveyResponse.survey_id == Survey.id)
        .where(Survey.session_id == session.id)
        .scalar_subquery()
    )
    registered = counts.in_session(Participant, session.id, Participant.attended)
    found, total = db.session.execute(sa.select(answered, registered)).one()
    return AnswerCount(answered=found or 0, total=max(total or 0, found or 0))


def summary(session: DesignSession) -> SurveySummary:
    """The results for the moderator, the projector and the post-release; writes nothing."""
    total = participant_count(session)
    survey = _loaded_survey(session)
    if survey is None:
        return SurveySummary(answered=0, total=total)
    by_question: dict[int, list[tuple[AnswerValue, str | None]]] = {
        q.id: [] for q in survey.questions
    }
    for response in survey.responses:
        name = None if survey.anonymous else response.participant.full_name
        for answer in response.answers:
            if answer.question_id in by_question:
                value = answer_value(answer.question, answer)
                if value is not None and value != ():
                    by_question[answer.question_id].append((value, name))
    if survey.anonymous:
        # Sorted texts do not follow the order people answered in, which could identify them.
        for given in by_question.values():
            given.sort(key=lambda pair: str(pair[0]).casefold())
    return SurveySummary(
        answered=len(survey.responses),
        total=max(total, len(survey.responses)),
        questions=tuple(_summarise(q, by_question[q.id]) for q in survey.questions),
        anonymous=survey.anonymous,
        is_open=survey.is_open,
    )


@dataclass(frozen=True)
class TableColumn:
    """A question as a column of the responses table."""

    key: str
    title: str
    kind: QuestionKind


@dataclass(frozen=True)
class TableRow:
    """One response; name, organisation and time are empty when the survey is anonymous.

    ``values`` follow the columns: True/False for yes-or-no, a mark, an option text, a tuple of
    options, a text, or None when the question was not answered.
    """

    values: tuple[AnswerValue | None, ...]
    respondent: str | None = None
    organisation: str | None = None
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class ResponsesTable:
    """Every response as a row and every question as a column, for the workbook."""

    columns: tuple[TableColumn, ...] = ()
    rows: tuple[TableRow, ...] = ()
    anonymous: bool = False


def responses_table(session: DesignSession) -> ResponsesTable:
    """The survey's responses as a table; rows carry no names when the survey is anonymous."""
    survey = _loaded_survey(session)
    if survey is None:
        return ResponsesTable()
    questions = list(survey.questions)
    rows = []
    for response in survey.responses:
        given = {a.question_id: answer_value(a.question, a) for a in response.answers}
        values = tuple(given.get(q.id) for q in questions)
        if survey.anonymous:
            rows.append(TableRow(values))
        else:
            rows.append(
                TableRow(
                    values,
                    respondent=response.participant.full_name,
                    organisation=response.participant.organisation,
                    submitted_at=response.updated_at,
                )
            )
    if survey.anonymous:
        # Rows in the order people answered could be matched with who was seen answering.
        rows.sort(key=lambda row: [display_value(v) for v in row.values])
    return ResponsesTable(
        columns=tuple(TableColumn(q.key, q.title, q.kind) for q in questions),
        rows=tuple(rows),
        anonymous=survey.anonymous,
    )


def display_value(value: AnswerValue | None) -> str:
    """An answer as a cell's text in the current locale: «да», «4», «a; b»; empty if none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, tuple):
        return "; ".join(value)
    return str(value)
