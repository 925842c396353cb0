"""Survey fixtures: a session in the survey phase, its participants, and ways to answer."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from facilitator.sessions.models import DesignSession, Participant
from facilitator.survey import services
from facilitator.survey.models import Survey, SurveyQuestion

COOKIE = "facilitator_device"


def question(survey: Survey, key: str) -> SurveyQuestion:
    """The survey's question with this key."""
    return next(q for q in survey.questions if q.key == key)


def default_answers(
    survey: Survey,
    interesting: bool = True,
    format_mark: int = 5,
    value_mark: int = 5,
    ideas: bool = True,
    wishes: str = "",
) -> dict[int, Any]:
    """Answers to the default survey by question id, as a form sends them."""
    return {
        question(survey, "interesting_useful").id: "yes" if interesting else "no",
        question(survey, "format").id: str(format_mark),
        question(survey, "practical_value").id: str(value_mark),
        question(survey, "new_ideas").id: "yes" if ideas else "no",
        question(survey, "wishes").id: wishes,
    }


def form_data(answers: dict[int, Any]) -> dict[str, Any]:
    """Answers by question id as the POSTed fields of the participant's page."""
    return {f"q{qid}": value for qid, value in answers.items()}


@pytest.fixture
def survey_session(make_session) -> DesignSession:
    """A Russian session in the survey phase."""
    return make_session(phase="survey")


@pytest.fixture
def survey(survey_session) -> Survey:
    """The default survey of `survey_session`."""
    return services.ensure_survey(survey_session)


@pytest.fixture
def participant_client(app, make_participant) -> Callable[..., tuple[Participant, FlaskClient]]:
    """Return a callable which registers a participant and gives a client with their device."""

    def _make(session: DesignSession, **fields) -> tuple[Participant, FlaskClient]:
        # The device cookie must look real (20 to 64 characters) to be recognised.
        fields.setdefault("device_id", secrets.token_urlsafe(24))
        participant = make_participant(session, **fields)
        client = app.test_client()
        client.set_cookie(COOKIE, participant.device_id)
        return participant, client

    return _make
