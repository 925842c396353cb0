"""Two taps on «Send» from one phone at the same moment still leave exactly one response."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.survey import services
from facilitator.survey.models import SurveyAnswer, SurveyResponse
from tests.survey.conftest import COOKIE, default_answers, form_data, question


def _race(app, code: str, sends: list[tuple[str, dict]]) -> list[int]:
    """POST each (device, form) from its own thread and test client at once; the statuses."""
    start = threading.Barrier(len(sends))
    statuses: list[int] = []

    def send(device_id: str, data: dict) -> None:
        client = app.test_client()  # each request pushes its own app context in this thread
        client.set_cookie(COOKIE, device_id)
        start.wait()
        statuses.append(client.post(f"/s/{code}/survey", data=data).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


def test_parallel_first_submissions_from_one_participant_leave_one_response(
    app, survey_session, make_participant, monkeypatch
):
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")  # a file: real locks
    device_id = make_participant(survey_session, device_id="p" * 32).device_id
    survey = services.ensure_survey(survey_session)
    forms = [form_data(default_answers(survey, format_mark=mark)) for mark in (3, 4, 5, 2)]
    format_id = question(survey, "format").id
    code = survey_session.join_code
    db.session.remove()

    check_answers = services.check_answers

    def slow_check(*args, **kwargs):
        # Widen the window between looking for the response and inserting it.
        result = check_answers(*args, **kwargs)
        time.sleep(0.2)
        return result

    monkeypatch.setattr(services, "check_answers", slow_check)
    statuses = _race(app, code, [(device_id, data) for data in forms])

    assert statuses == [302, 302, 302, 302]
    rows = db.session.scalars(sa.select(SurveyResponse)).all()
    assert len(rows) == 1
    answers = db.session.scalars(sa.select(SurveyAnswer)).all()
    assert len(answers) == 4  # one full set: the wishes were left empty
    mark = next(a.number for a in answers if a.question_id == format_id)
    assert mark in (2, 3, 4, 5)


def test_parallel_submissions_of_different_participants_all_count(
    app, survey_session, make_participant
):
    people = [make_participant(survey_session, device_id=f"{n}" * 32) for n in range(4)]
    survey = services.ensure_survey(survey_session)
    data = form_data(default_answers(survey))
    code = survey_session.join_code
    devices = [p.device_id for p in people]
    db.session.remove()

    statuses = _race(app, code, [(device_id, data) for device_id in devices])

    assert statuses == [302] * 4
    assert db.session.scalar(sa.select(sa.func.count(SurveyResponse.id))) == 4
