"""The survey's services: giving a session its survey, checking and saving responses, results.

Saving a response is one transaction: it locks the participant's row, reads the questions and
the survey's state afresh, checks every answer, replaces the previous answers and commits, so
two taps on «Send» from a phone on bad Wi-Fi still leave exactly one response.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from facilitator import signals
from facilitator.database import listed
from facilitator.extensions import db
from facilitator.sessions import counts
from facilitator.sessions.models import DesignSession, Participant
from facilitator.survey import tally as tally_kinds
from facilitator.survey.default_survey import default_questions
from facilitator.survey.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from facilitator.survey.tally import NO, YES

log = logging.getLogger(__name__)

#: Longest free-text answer, in characters
MAX_TEXT = 2000
#: How often a save that lost a race on the unique constraints is tried again
SAVE_ATTEMPTS = 3
#: Answers as the services hand them around: True/False, a mark, a text, chosen options
AnswerValue = bool | int | str | tuple[str, ...]

#: The survey's kinds as the shared summariser counts them
TALLY_KINDS = {
    QuestionKind.yes_no: tally_kinds.YES_NO,
    QuestionKind.scale: tally_kinds.SCALE,
    QuestionKind.single_choice: tally_kinds.CHOICE,
    QuestionKind.multiple_choice: tally_kinds.CHOICE,
    QuestionKind.text: tally_kinds.TEXT,
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SurveyError(ValueError):
    """Raised when a response cannot be saved; the message is for people."""


class SurveyClosedError(SurveyError):
    """Raised when the survey does not accept answers now."""


class InvalidAnswersError(SurveyError):
    """Raised when answers do not pass the checks; ``problems`` maps question ids to messages."""

    def __init__(self, problems: Mapping[int, str], message: str = "") -> None:
        super().__init__(message or _("Please correct the marked answers."))
        self.problems = dict(problems)


# --- the survey itself -------------------------------------------------------------------------


def find_survey(session: DesignSession) -> Survey | None:
    """The session's survey, if it has been created."""
    return db.session.scalar(sa.select(Survey).filter_by(session_id=session.id))


def build_default_survey(session: DesignSession) -> Survey:
    """A new survey with the default questions in the session's language (not yet added)."""
    questions = [
        SurveyQuestion(
            position=position,
            key=spec["key"],
            kind=QuestionKind(spec["kind"]),
            title=spec["title"],
            hint=spec["hint"],
            required=spec["required"],
            scale_max=spec["scale_max"],
            options=spec["options"],
            report_phrase=spec["report_phrase"],
        )
        for position, spec in enumerate(default_questions(session.language))
    ]
    return Survey(session_id=session.id, questions=questions)


def ensure_survey(session: DesignSession) -> Survey:
    """The session's survey, creating the default one on first use."""
    survey = find_survey(session)
    if survey is not None:
        return survey
    db.session.add(build_default_survey(session))
    try:
        db.session.commit()
    except IntegrityError:
        # Two first visitors at once: the other request created it.
        db.session.rollback()
        survey = find_survey(session)
        if survey is None:
            raise
        return survey
    log.info("Session %s given the default survey in %r", session.id, session.language)
    survey = find_survey(session)
    assert survey is not None
    return survey


def response_count(survey: Survey) -> int:
    """How many participants have answered."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(SurveyResponse.id)).filter_by(survey_id=survey.id)
        )
        or 0
    )


def participant_count(session: DesignSession) -> int:
    """How many people attended the session (``Participant.attended``): who could answer."""
    return (
        db.session.scalar(
            sa.select(counts.in_session(Participant, session.id, Participant.attended))
        )
        or 0
    )


# --- checking answers --------------------------------------------------------------------------


def _clean_text(value: str) -> str:
    """Text without control characters (PostgreSQL refuses NUL) and surrounding spaces."""
    return _CONTROL.sub("", value.replace("\r\n", "\n")).strip()


def _is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | set):
        return not any(not _is_blank(item) for item in raw)
    return False


def parse_answer(question: SurveyQuestion, raw: Any) -> AnswerValue | None:
    """The answer to one question from what a form sent; None when it was left unanswered.

    Raises InvalidAnswersError for a value the question does not allow.
    """
    if _is_blank(raw):
        if question.required:
            message = (
                _("Choose at least one option.")
                if question.kind == QuestionKind.multiple_choice
                else _("Answer this question.")
            )
            raise InvalidAnswersError({question.id: message})
        return None
    problem: str
    kind = question.kind
    if kind == QuestionKind.yes_no:
        if raw is True or raw == YES:
            return True
        if raw is False or raw == NO:
            return False
        problem = _("Answer «yes» or «no».")
    elif kind == QuestionKind.scale:
        top = question.scale_max or 5
        mark = _whole_number(raw)
        if mark is not None and 1 <= mark <= top:
            return mark
        problem = _("Choose a mark from 1 to %(max)d.", max=top)
    elif kind == QuestionKind.single_choice:
        if isinstance(raw, str) and raw in question.options:
            return raw
        problem = _("Choose one of the options listed.")
    elif kind == QuestionKind.multiple_choice:
        chosen = {raw} if isinstance(raw, str) else set(raw) if _is_iterable(raw) else {None}
        chosen.discard("")
        if chosen <= set(question.options):
            return tuple(option for option in question.options if option in chosen)
        problem = _("Choose only options from the list.")
    else:
        if isinstance(raw, str):
            text = _clean_text(raw)
            if len(text) <= MAX_TEXT:
                return text
            problem = _("At most %(max)d characters, please.", max=MAX_TEXT)
        else:
            problem = _("Answer this question.")
    raise InvalidAnswersError({question.id: problem})


def _is_iterable(raw: Any) -> bool:
    return isinstance(raw, list | tuple | set)


def _whole_number(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) <= 3:
        return int(raw.strip())
    return None


def check_answers(
    questions: Sequence[SurveyQuestion], raw: Mapping[int, Any]
) -> dict[int, AnswerValue]:
    """Every answer checked against its question; all problems at once in InvalidAnswersError."""
    known = {question.id for question in questions}
    if set(raw) - known:
        raise InvalidAnswersError(
            {},
            _(
                "The questions changed while you were answering. "
                "Check your answers and send them again."
            ),
        )
    answers: dict[int, AnswerValue] = {}
    problems: dict[int, str] = {}
    for question in questions:
        try:
            value = parse_answer(question, raw.get(question.id))
        except InvalidAnswersError as error:
            problems.update(error.problems)
            continue
        if value is not None:
            answers[question.id] = value
    if problems:
        raise InvalidAnswersError(problems)
    if not answers:
        raise InvalidAnswersError({}, _("Answer at least one question."))
    return answers


# --- saving a response -------------------------------------------------------------------------


def response_of(survey: Survey, participant: Participant) -> SurveyResponse | None:
    """The participant's response, if they have answered."""
    return db.session.scalar(
        sa.select(SurveyResponse)
        .filter_by(survey_id=survey.id, participant_id=participant.id)
        .execution_options(populate_existing=True)
    )


def answer_value(question: SurveyQuestion, answer: SurveyAnswer) -> AnswerValue | None:
    """A stored answer as the value the services hand around."""
    if question.kind == QuestionKind.yes_no:
        return None if answer.number is None else bool(answer.number)
    if question.kind == QuestionKind.scale:
        return answer.number
    if question.kind == QuestionKind.multiple_choice:
        return tuple(answer.choices or ())
    if question.kind == QuestionKind.single_choice:
        return (answer.choices or [None])[0]
    return answer.text


def answers_of(response: SurveyResponse | None) -> dict[int, AnswerValue]:
    """A response's answers by question id."""
    if response is None:
        return {}
    values = {a.question_id: answer_value(a.question, a) for a in response.answers}
    return {key: value for key, value in values.items() if value is not None}


def form_values(response: SurveyResponse | None) -> dict[int, Any]:
    """A response's answers as a form shows them again: «yes», "4", option texts, text."""
    values: dict[int, Any] = {}
    for question_id, value in answers_of(response).items():
        if isinstance(value, bool):
            values[question_id] = YES if value else NO
        elif isinstance(value, int):
            values[question_id] = str(value)
        elif isinstance(value, tuple):
            values[question_id] = list(value)
        else:
            values[question_id] = value
    return values


def _stored(question: SurveyQuestion, value: AnswerValue) -> SurveyAnswer:
    answer = SurveyAnswer(question_id=question.id)
    if question.kind == QuestionKind.yes_no:
        answer.number = 1 if value else 0
    elif question.kind == QuestionKind.scale:
        answer.number = int(value)
    elif question.kind == QuestionKind.single_choice:
        answer.choices = [str(value)]
    elif question.kind == QuestionKind.multiple_choice:
        answer.choices = list(value)  # type: ignore[arg-type]
    else:
        answer.text = str(value)
    return answer


def _lock_participant(participant_id: int) -> None:
    """Serialise one participant's saves for this transaction."""
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite ignores FOR UPDATE; a no-op write as the transaction's first statement takes
        # the database's write lock, so a rival waits (busy timeout) until we commit.
        db.session.execute(
            sa.update(Participant)
            .where(Participant.id == participant_id)
            .values(is_leader=Participant.is_leader)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        sa.select(Participant.id).where(Participant.id == participant_id).with_for_update()
    )


def _fresh_questions(survey_id: int) -> list[SurveyQuestion]:
    return listed(
        sa.select(SurveyQuestion)
        .filter_by(survey_id=survey_id)
        .order_by(SurveyQuestion.position, SurveyQuestion.id)
        .execution_options(populate_existing=True)
    )


def closed_message(survey: Survey) -> str:
    """Why answers are not accepted now, for the participant."""
    if survey.has_closed:
        return _("The survey is closed; your answers were not saved.")
    return _("The survey is not open yet; your answers were not saved.")


def _save_once(
    survey: Survey, participant: Participant, raw: Mapping[int, Any]
) -> tuple[SurveyResponse, bool]:
    """One attempt at saving; tells whether the response is new. Commits."""
    _lock_participant(participant.id)
    db.session.refresh(survey.session)
    db.session.refresh(survey)
    if not survey.is_open:
        raise SurveyClosedError(closed_message(survey))
    questions = _fresh_questions(survey.id)
    answers = check_answers(questions, raw)
    by_id = {question.id: question for question in questions}
    now = dt.datetime.now(dt.UTC)
    response = response_of(survey, participant)
    created = response is None
    if response is None:
        response = SurveyResponse(survey_id=survey.id, participant_id=participant.id)
        response.submitted_at = now
        db.session.add(response)
    else:
        response.answers.clear()
        # Old answers go before new rows take their (response, question) places.
        db.session.flush()
    response.updated_at = now
    response.answers.extend(_stored(by_id[qid], value) for qid, value in answers.items())
    db.session.commit()
    return response, created


def submit(
    session: DesignSession, participant: Participant, raw: Mapping[int, Any]
) -> SurveyResponse:
    """Save the participant's answers as their one response, replacing earlier answers.

    ``raw`` maps question ids to what the form sent. Nothing is saved unless every answer
    passes; SurveyClosedError and InvalidAnswersError tell why.
    """
    if participant.session_id != session.id:
        raise SurveyError(_("You are not registered in this session."))
    survey = ensure_survey(session)
    participant_id = participant.id
    for attempt in range(1, SAVE_ATTEMPTS + 1):
        try:
            response, created = _save_once(survey, participant, raw)
        except IntegrityError:
            # A parallel save of the same person's response (or a question removed meanwhile)
            # won the race; try again: the next attempt finds that response and merges into it.
            db.session.rollback()
            log.info(
                "Survey save of participant %s in session %s raced (attempt %d)",
                participant_id,
                session.id,
                attempt,
            )
            if attempt == SAVE_ATTEMPTS:
                raise
            continue
        except SurveyError:
            db.session.rollback()
            raise
        break
    log.info(
        "Survey response %s %s by participant %s in session %s",
        response.id,
        "submitted" if created else "changed",
        participant_id,
        session.id,
    )
    announce(survey)
    return response


def announce(survey: Survey) -> None:
    """Tell the moderators' screens, the projector and phones how many answered, and if open."""
    session = survey.session
    payload = {
        "answered": response_count(survey),
        "total": participant_count(session),
        "open": survey.is_open,
    }
    session_id = session.id
    try:
        signals.session_activity.send(session_id, event="survey", payload=payload)
    except Exception:
        # The response is committed; a failed broadcast must not turn it into an error page.
        log.exception("Could not announce survey progress of session %s", session_id)
