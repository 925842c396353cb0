"""The database itself keeps one response per participant and cleans up after deletions."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.phases import Phase
from facilitator.survey import services
from facilitator.survey.models import SurveyAnswer, SurveyResponse


@pytest.fixture
def answered(any_backend_app):
    """A session on each backend with one participant's response to the default survey."""
    owner = Moderator(email="m@example.org", full_name="Мария Иванова")
    owner.set_password("correct horse battery")
    session = DesignSession(
        title="Сессия",
        date=dt.date(2023, 3, 27),
        starts_at=dt.time(11),
        phase=Phase.survey,
        join_code=new_join_code(),
        projector_token=new_projector_token(),
        owner=owner,
    )
    participant = Participant(
        session=session,
        device_id="d" * 32,
        full_name="Иванова Мария",
        organisation="Школа",
        position="учитель",
        city="Санкт-Петербург",
        consented_at=dt.datetime.now(dt.UTC),
    )
    db.session.add_all([session, participant])
    db.session.commit()
    survey = services.ensure_survey(session)
    raw = {q.id: "yes" for q in survey.questions if q.kind == "yes_no"}
    raw |= {q.id: "5" for q in survey.questions if q.kind == "scale"}
    services.submit(session, participant, raw)
    return session, participant, survey


def test_a_second_response_row_for_one_participant_is_refused(answered):
    _session, participant, survey = answered
    db.session.add(SurveyResponse(survey_id=survey.id, participant_id=participant.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_scale_other_than_5_or_10_is_refused(answered):
    _session, _participant, survey = answered
    survey.questions[1].scale_max = 7
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_removing_a_participant_removes_their_response(answered):
    _session, participant, _survey = answered
    db.session.delete(participant)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(SurveyAnswer.id))) == 0


def test_deleting_the_session_deletes_its_survey_and_responses(answered):
    session, _participant, _survey = answered
    db.session.delete(session)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 0
    assert db.session.scalar(sa.text("SELECT count(*) FROM surveys")) == 0
