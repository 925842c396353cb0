"""A session with something behind every id in its URLs, and a client for each kind of visitor."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm

from facilitator.accounts.models import Moderator
from facilitator.api import tokens
from facilitator.engagement.models import ModelComment
from facilitator.extensions import db
from facilitator.sessions.models import AgendaItem, DesignSession, Participant
from facilitator.sessions.phases import AgendaKind
from facilitator.survey import services as survey_services
from tests.conftest import PASSWORD

DEVICE_COOKIE = "facilitator_device"


@dataclass
class World:
    """The moderator's session, one registered participant, the ids behind the URLs."""

    moderator: Moderator
    session: DesignSession
    participant: Participant
    api_token: str
    ids: dict[str, int]


def build_world(make_session, make_participant, moderator: Moderator, phase: str) -> World:
    """A session in `phase` with groups, an agenda item, a participant, a comment and a survey."""
    session = make_session(groups=2, phase=phase)
    session.agenda.append(
        AgendaItem(
            position=0,
            starts_at=dt.time(11, 0),
            duration_minutes=20,
            kind=AgendaKind.talk,
            title="Доклад",
        )
    )
    db.session.commit()
    group = session.groups[0]
    participant = make_participant(session, group, device_id=secrets.token_urlsafe(24))
    comment = ModelComment(
        session_id=session.id,
        group_id=session.groups[1].id,
        participant_id=participant.id,
        body="Хорошая модель",
    )
    db.session.add(comment)
    db.session.commit()
    survey = survey_services.ensure_survey(session)
    ids = {
        "session_id": session.id,
        "group_id": group.id,
        "item_id": session.agenda[0].id,
        "participant_id": participant.id,
        "comment_id": comment.id,
        "question_id": survey.questions[0].id,
        "section_id": session.template.sections[0].id if session.template else 1,
        "moderator_id": moderator.id,
    }
    secret = tokens.issue(moderator, "Проверка").secret
    return World(moderator, session, participant, secret, ids)


def clients(app: Flask, world: World) -> dict[str, FlaskClient]:
    """An anonymous visitor, the registered participant's phone and the logged-in moderator."""
    anonymous = app.test_client()
    phone = app.test_client()
    phone.set_cookie(DEVICE_COOKIE, world.participant.device_id)
    moderator = app.test_client()
    response = moderator.post("/login", data={"email": world.moderator.email, "password": PASSWORD})
    assert response.status_code == 302
    return {"anonymous": anonymous, "participant": phone, "moderator": moderator}


def form_field_names() -> list[str]:
    """The names of every field of every form in the app, so random bodies reach real fields."""
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(name for name, _ in getattr(form, "_unbound_fields", None) or [])
        names.update(name for name in vars(form) if not name.startswith("_"))
    return sorted(n for n in names if n.islower() and not n.startswith("validate"))
