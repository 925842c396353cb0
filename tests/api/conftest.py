"""API fixtures: tokens, a client that sends one, and a session with everything the API reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from facilitator.accounts.models import Moderator
from facilitator.api import tokens
from facilitator.engagement import voting
from facilitator.extensions import db
from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import AgendaKind, Phase
from facilitator.survey import services as survey_services
from tests.api.helpers import PREFIX, bearer, write_model


@pytest.fixture
def make_token() -> Callable[..., str]:
    """Return a callable which issues a token to a moderator and gives back its secret."""

    def _make(moderator: Moderator, name: str = "Отчёт ИМЦ") -> str:
        return tokens.issue(moderator, name).secret

    return _make


@pytest.fixture
def token(moderator, make_token) -> str:
    """A token of `moderator`."""
    return make_token(moderator)


@pytest.fixture
def api(client: FlaskClient, token: str) -> Callable[..., TestResponse]:
    """Return a callable which GETs an API path (after /api/v1) with `moderator`'s token."""

    def _get(path: str, secret: str | None = None, **kwargs: Any) -> TestResponse:
        return client.get(PREFIX + path, headers=bearer(secret or token), **kwargs)

    return _get


@dataclass
class World:
    """A filled session of `moderator`, and another moderator's session."""

    session: DesignSession
    groups: list[CreativeGroup]
    people: list[Participant]
    foreign_session: DesignSession
    stranger: Moderator


def _set_phase(session: DesignSession, phase: Phase) -> None:
    session.phase = phase
    db.session.commit()


@pytest.fixture
def world(make_session, make_participant, make_moderator, moderator) -> World:
    """A session in the survey phase: agenda, two groups with members, a model, dots, answers."""
    session = make_session(
        groups=2,
        phase="voting",
        theme="Профориентация школьников",
        venue="ГБОУ СОШ № 496, актовый зал",
        co_organisers="ИМЦ Московского района\nЦППМСП",
    )
    session.agenda.extend(
        [
            AgendaItem(
                position=0,
                starts_at=dt.time(11, 0),
                duration_minutes=20,
                kind=AgendaKind.talk,
                title="Управление проектами в школе",
                speaker="Кравцов Алексей Олегович",
                speaker_credentials="к.п.н., доцент РГПУ им. А.И. Герцена",
            ),
            AgendaItem(
                position=1,
                starts_at=dt.time(11, 20),
                duration_minutes=60,
                kind=AgendaKind.group_work,
                title="Работа в творческих группах",
            ),
        ]
    )
    first, second = session.groups
    first.model_topic = "Школа и социальные партнёры"
    db.session.commit()
    people = [
        make_participant(
            session, first, full_name="Смирнова Анна Петровна", email="anna@example.org"
        ),
        make_participant(session, first, full_name="Петров Иван Сергеевич", is_leader=True),
        make_participant(session, second, full_name="Орлова Мария Викторовна"),
    ]
    write_model(
        first,
        {"title": "Открытая школа", "idea": "Выпускники ведут уроки"},
        {
            "interaction_lines": [
                {"who": "педагог", "with_whom": "ученик", "format": "урок", "regularity": "1"},
                {"who": "выпускник", "with_whom": "ученик", "format": "встреча"},
            ]
        },
    )
    voting.set_dots(people[0], second.id, 2)
    voting.set_dots(people[2], first.id, 1)
    _set_phase(session, Phase.survey)
    survey = survey_services.ensure_survey(session)
    by_key = {q.key: q.id for q in survey.questions}
    for person, mark in ((people[0], "5"), (people[1], "4")):
        survey_services.submit(
            session,
            person,
            {
                by_key["interesting_useful"]: "yes",
                by_key["format"]: mark,
                by_key["practical_value"]: "5",
                by_key["new_ideas"]: "yes",
                by_key["wishes"]: f"Больше практики, {person.full_name.split()[0]}",
            },
        )
    stranger = make_moderator(full_name="Чужой Модератор")
    foreign = make_session(owner=stranger, title="Чужая сессия")
    return World(session, [first, second], people, foreign, stranger)
