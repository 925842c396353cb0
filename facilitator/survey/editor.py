"""The moderator's changes to a survey: questions, their order, anonymity, opening and closing."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.database import assign
from facilitator.extensions import db
from facilitator.sessions import ordering
from facilitator.sessions.template_editor import slug, unique_key
from facilitator.survey import services
from facilitator.survey.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyOpening,
    SurveyQuestion,
    SurveyResponse,
)

log = logging.getLogger(__name__)

MAX_OPTIONS = 20
MAX_OPTION_LENGTH = 200


class EditorError(ValueError):
    """Raised when the survey cannot be changed as asked; the message is for people."""


@dataclass(frozen=True)
class QuestionSpec:
    """What the moderator typed for a question."""

    title: str
    kind: QuestionKind
    required: bool = True
    hint: str = ""
    scale_max: int | None = None
    options: tuple[str, ...] = field(default_factory=tuple)
    report_phrase: str = ""

    def normalised(self) -> QuestionSpec:
        """The spec with the fields its kind does not use cleared."""
        return replace(
            self,
            scale_max=(self.scale_max or 5) if self.kind == QuestionKind.scale else None,
            options=tuple(self.options) if self.kind.has_options else (),
        )

    def columns(self) -> dict[str, Any]:
        """The question's column values, as the spec gives them."""
        return {**asdict(self), "options": list(self.options)}


def answer_count(question: SurveyQuestion) -> int:
    """How many responses answered the question."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(SurveyAnswer.id)).filter_by(question_id=question.id)
        )
        or 0
    )


def answer_counts(survey: Survey) -> dict[int, int]:
    """Answers per question id, for the editor's warnings."""
    rows = db.session.execute(
        sa.select(SurveyAnswer.question_id, sa.func.count(SurveyAnswer.id))
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyQuestion.survey_id == survey.id)
        .group_by(SurveyAnswer.question_id)
    )
    return {question_id: count for question_id, count in rows}


def add_question(survey: Survey, spec: QuestionSpec, by: Moderator) -> SurveyQuestion:
    """Add a question at the end; its key comes from the title and never changes afterwards."""
    spec = spec.normalised()
    question = SurveyQuestion(
        position=ordering.next_position(survey.questions),
        key=unique_key(slug(spec.title, "question"), (q.key for q in survey.questions)),
        **spec.columns(),
    )
    survey.questions.append(question)
    db.session.commit()
    log.info(
        "Survey question %r (%s) added to session %s by %s",
        question.key,
        question.kind,
        survey.session_id,
        by.email,
    )
    return question


def update_question(question: SurveyQuestion, spec: QuestionSpec, by: Moderator) -> None:
    """Change a question; once it has answers its kind, scale and options stay as they are."""
    spec = spec.normalised()
    shape_changes = (
        spec.kind != question.kind
        or spec.scale_max != question.scale_max
        or list(spec.options) != list(question.options or [])
    )
    if shape_changes and answer_count(question):
        raise EditorError(
            _(
                "People have answered this question already: its kind, scale and options "
                "can no longer change. Add a new question instead."
            )
        )
    assign(question, spec.columns())
    db.session.commit()
    log.info(
        "Survey question %r of session %s changed by %s",
        question.key,
        question.survey.session_id,
        by.email,
    )


def delete_question(question: SurveyQuestion, by: Moderator) -> int:
    """Remove a question with its answers; tells how many answers went with it."""
    survey = question.survey
    answers = answer_count(question)
    ordering.remove(survey.questions, question)
    db.session.flush()
    # A response whose only answer was to this question no longer says anything.
    emptied = db.session.execute(
        sa.delete(SurveyResponse).where(
            SurveyResponse.survey_id == survey.id,
            ~sa.exists().where(SurveyAnswer.response_id == SurveyResponse.id),
        )
    )
    db.session.commit()
    log.info(
        "Survey question %r removed from session %s with %d answers (%d responses emptied) by %s",
        question.key,
        survey.session_id,
        answers,
        emptied.rowcount or 0,
        by.email,
    )
    return answers


#: Moving questions up or down (deleting one also deletes its answers: delete_question)
order: ordering.Order[SurveyQuestion] = ordering.Order(
    siblings=lambda question: question.survey.questions,
    label=lambda question: (
        f"Survey question {question.key!r} of session {question.survey.session_id}"
    ),
)


def set_anonymous(survey: Survey, anonymous: bool, by: Moderator) -> None:
    """Make the survey anonymous, or named while nobody has answered under the promise."""
    if anonymous == survey.anonymous:
        return
    if not anonymous and survey.responses:
        raise EditorError(
            _(
                "People have answered anonymously: the survey cannot show their names now. "
                "It stays anonymous."
            )
        )
    survey.anonymous = anonymous
    db.session.commit()
    log.info(
        "Survey of session %s made %s by %s",
        survey.session_id,
        "anonymous" if anonymous else "named",
        by.email,
    )


def set_opening(survey: Survey, opening: SurveyOpening, by: Moderator) -> None:
    """Open the survey early, close it, or let the phase decide."""
    if opening == survey.opening:
        return
    survey.opening = opening
    db.session.commit()
    log.info("Survey of session %s set to %s by %s", survey.session_id, opening, by.email)
    services.announce(survey)
