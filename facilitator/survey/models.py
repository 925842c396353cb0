"""Typed models of the satisfaction survey: a session's survey, its questions and responses."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from facilitator.choices import LabelledEnum
from facilitator.columns import IntPk, ParticipantRef, Position, Timestamp, reference
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.phases import Phase

#: The scales a question may use: 1 to 5 or 1 to 10
SCALE_SIZES = (5, 10)


class QuestionKind(LabelledEnum):
    """How a survey question is answered."""

    yes_no = "yes_no", _l("Yes or no")
    scale = "scale", _l("Scale")
    single_choice = "single_choice", _l("One option")
    multiple_choice = "multiple_choice", _l("Several options")
    text = "text", _l("Free text")

    @property
    def has_options(self) -> bool:
        """Whether the moderator lists the options to choose from."""
        return self in (QuestionKind.single_choice, QuestionKind.multiple_choice)


#: Each kind's name, still to be translated, for choices built at import time
QUESTION_KIND_LABELS = QuestionKind.labels()


class SurveyOpening(LabelledEnum):
    """Who decides whether participants may answer: the phase, or the moderator's switch."""

    with_phase = "with_phase", _l("Open during the survey phase")
    open = "open", _l("Open now")
    closed = "closed", _l("Closed")


class Survey(db.Model):
    """A session's satisfaction survey; every session has at most one."""

    __tablename__ = "surveys"

    id: so.Mapped[IntPk]
    session_id: so.Mapped[int] = reference("design_sessions.id", unique=True)
    #: Whether responses are kept apart from names in every view and export
    anonymous: so.Mapped[bool] = so.mapped_column(default=False)
    #: Whether the phase opens the survey, or the moderator opened or closed it by hand
    opening: so.Mapped[SurveyOpening] = so.mapped_column(default=SurveyOpening.with_phase)
    created_at: so.Mapped[Timestamp]

    session: so.Mapped[DesignSession] = so.relationship()
    questions: so.Mapped[list[SurveyQuestion]] = so.relationship(
        back_populates="survey", order_by="SurveyQuestion.position", cascade="all, delete-orphan"
    )
    responses: so.Mapped[list[SurveyResponse]] = so.relationship(
        back_populates="survey", order_by="SurveyResponse.id", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Whether participants may answer or change their answers now."""
        if self.session.phase == Phase.closed or self.opening == SurveyOpening.closed:
            return False
        return self.opening == SurveyOpening.open or self.session.phase == Phase.survey

    @property
    def has_closed(self) -> bool:
        """Whether the survey is over, as opposed to not open yet."""
        return self.opening == SurveyOpening.closed or self.session.phase == Phase.closed

    def __repr__(self) -> str:
        return f"<Survey {self.id} of session {self.session_id}>"


class SurveyQuestion(db.Model):
    """One question of a session's survey."""

    __tablename__ = "survey_questions"

    id: so.Mapped[IntPk]
    survey_id: so.Mapped[int] = reference("surveys.id", index=True)
    position: so.Mapped[Position]
    #: Stable identifier, e.g. for the columns of exported tables; never changes
    key: so.Mapped[str] = so.mapped_column(sa.String(64))
    kind: so.Mapped[QuestionKind]
    title: so.Mapped[str] = so.mapped_column(sa.String(500))
    #: A line under the question, e.g. what the ends of a scale mean
    hint: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    required: so.Mapped[bool] = so.mapped_column(default=True)
    #: Highest mark of a scale question (5 or 10); empty for other kinds
    scale_max: so.Mapped[int | None]
    #: Options of a choice question, in order
    options: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    #: How the post-release words the share of top answers, e.g. «поставили высший балл …»
    report_phrase: so.Mapped[str] = so.mapped_column(sa.String(500), default="")

    survey: so.Mapped[Survey] = so.relationship(back_populates="questions")
    answers: so.Mapped[list[SurveyAnswer]] = so.relationship(
        back_populates="question", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.UniqueConstraint("survey_id", "key", name="uq_survey_question_key"),
        sa.CheckConstraint("scale_max IS NULL OR scale_max IN (5, 10)", name="scale_size"),
    )

    def __repr__(self) -> str:
        return f"<SurveyQuestion {self.id} {self.key} ({self.kind})>"


class SurveyResponse(db.Model):
    """One participant's answers; a participant has at most one response and may edit it."""

    __tablename__ = "survey_responses"

    id: so.Mapped[IntPk]
    survey_id: so.Mapped[int] = reference("surveys.id", index=True)
    #: Kept even in an anonymous survey, only to allow one response per device and its editing
    participant_id: so.Mapped[ParticipantRef]
    submitted_at: so.Mapped[Timestamp]
    updated_at: so.Mapped[Timestamp]

    survey: so.Mapped[Survey] = so.relationship(back_populates="responses")
    participant: so.Mapped[Participant] = so.relationship()
    answers: so.Mapped[list[SurveyAnswer]] = so.relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.UniqueConstraint("survey_id", "participant_id", name="uq_survey_response_participant"),
    )


class SurveyAnswer(db.Model):
    """The answer to one question within a response; only answered questions have a row."""

    __tablename__ = "survey_answers"

    id: so.Mapped[IntPk]
    response_id: so.Mapped[int] = reference("survey_responses.id", index=True)
    question_id: so.Mapped[int] = reference("survey_questions.id", index=True)
    #: A scale's mark, or 1 for «yes» and 0 for «no»
    number: so.Mapped[int | None]
    #: A free-text answer
    text: so.Mapped[str | None] = so.mapped_column(sa.Text)
    #: The options chosen, as their texts
    choices: so.Mapped[list[str] | None] = so.mapped_column(sa.JSON)

    response: so.Mapped[SurveyResponse] = so.relationship(back_populates="answers")
    question: so.Mapped[SurveyQuestion] = so.relationship(back_populates="answers")

    __table_args__ = (
        sa.UniqueConstraint("response_id", "question_id", name="uq_survey_answer_question"),
    )
