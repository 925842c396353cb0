"""Survey results as documents report them, counted by the survey's own summariser."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from facilitator.materials.records import (
    SCALE,
    TEXT,
    YES_ANSWERS,
    YES_NO,
    SurveyQuestion,
    SurveyResults,
)
from facilitator.survey.tally import tally
from facilitator.text.sanitize import one_line


@dataclass(frozen=True)
class QuestionSummary:
    """One question's answers counted."""

    question: SurveyQuestion
    answered: int
    #: Answers at the top: the highest score, «yes», or the most chosen option
    top: int = 0
    top_label: str = ""
    average: Decimal | None = None
    distribution: dict[str, int] = field(default_factory=dict)
    texts: tuple[str, ...] = ()

    @property
    def is_closed(self) -> bool:
        """Whether the question has answers to count (not free text)."""
        return self.question.kind != TEXT


def _score(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _is_blank(value: object) -> bool:
    if isinstance(value, tuple | list):
        return not any(not _is_blank(v) for v in value)
    return value is None or not str(value).strip()


def _options(value: object) -> tuple[str, ...]:
    given = value if isinstance(value, tuple | list) else (value,)
    return tuple(one_line(option) for option in given if not _is_blank(option))


def summarise_question(question: SurveyQuestion, answers: list[object]) -> QuestionSummary:
    """Count one question's non-blank answers with the survey's own summariser."""
    given = [a for a in answers if not _is_blank(a)]
    if question.kind == TEXT:
        texts = tuple(one_line(a) for a in given)
        return QuestionSummary(question, answered=len(texts), texts=texts)
    if question.kind == SCALE:
        values: list[object] = [s for s in (_score(a) for a in given) if s is not None]
    elif question.kind == YES_NO:
        values = [str(a).strip().lower() in YES_ANSWERS for a in given]
    else:
        values = [_options(a) for a in given]
    counted = tally(question.kind, values, question.scale_max, question.options)
    return QuestionSummary(
        question,
        answered=counted.answered,
        top=counted.top,
        top_label=counted.top_label,
        average=counted.average,
        distribution=counted.counts,
    )


def summarise(survey: SurveyResults) -> list[QuestionSummary]:
    """Every question's summary, in the survey's order."""
    return [
        summarise_question(q, [r.answers.get(q.key) for r in survey.responses])
        for q in survey.questions
    ]


def respondents(survey: SurveyResults) -> int:
    """How many responses answered at least one question."""
    return sum(1 for r in survey.responses if any(not _is_blank(v) for v in r.answers.values()))
