"""Survey results reduced to what documents report: shares of top answers, averages, texts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from facilitator.materials.records import (
    CHOICE,
    SCALE,
    TEXT,
    YES_ANSWERS,
    YES_NO,
    SurveyQuestion,
    SurveyResults,
)
from facilitator.materials.sanitize import one_line


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


def summarise_question(question: SurveyQuestion, answers: list[object]) -> QuestionSummary:
    """Count one question's non-blank answers."""
    given = [a for a in answers if not _is_blank(a)]
    if question.kind == SCALE:
        scores = [s for s in (_score(a) for a in given) if s is not None]
        average = None
        if scores:
            average = (Decimal(sum(scores)) / len(scores)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        counts = Counter(str(s) for s in scores)
        return QuestionSummary(
            question,
            answered=len(scores),
            top=sum(1 for s in scores if s == question.scale_max),
            top_label=str(question.scale_max),
            average=average,
            distribution={str(k): counts.get(str(k), 0) for k in range(1, question.scale_max + 1)},
        )
    if question.kind == YES_NO:
        yes = sum(1 for a in given if str(a).strip().lower() in YES_ANSWERS)
        return QuestionSummary(
            question,
            answered=len(given),
            top=yes,
            top_label="yes",
            distribution={"yes": yes, "no": len(given) - yes},
        )
    if question.kind == CHOICE:
        # Several options chosen in one answer count once each.
        counts = Counter(
            one_line(option)
            for a in given
            for option in (a if isinstance(a, tuple | list) else (a,))
            if not _is_blank(option)
        )
        order = list(question.options) + sorted(set(counts) - set(question.options))
        label, top = counts.most_common(1)[0] if counts else ("", 0)
        return QuestionSummary(
            question,
            answered=len(given),
            top=top,
            top_label=label,
            distribution={option: counts.get(option, 0) for option in order},
        )
    texts = tuple(one_line(a) for a in given)
    return QuestionSummary(question, answered=len(texts), texts=texts)


def summarise(survey: SurveyResults) -> list[QuestionSummary]:
    """Every question's summary, in the survey's order."""
    return [
        summarise_question(q, [r.answers.get(q.key) for r in survey.responses])
        for q in survey.questions
    ]


def respondents(survey: SurveyResults) -> int:
    """How many responses answered at least one question."""
    return sum(1 for r in survey.responses if any(not _is_blank(v) for v in r.answers.values()))
