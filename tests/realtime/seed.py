"""Put a session with a group and its members into whatever database the current app uses."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.model_templates import give_session_template
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Seeded:
    """Ids and device cookies of what ``seed_workspace`` created."""

    session_id: int
    group_id: int
    moderator_id: int
    moderator_email: str
    #: (participant id, device id) of each member of the group
    members: list[tuple[int, str]]


def seed_workspace(members: int = 2, phase: str = "group_work") -> Seeded:
    """A moderator's session in ``phase`` with one group of ``members`` participants."""
    moderator = Moderator(
        email=f"moderator-{secrets.token_hex(4)}@example.org", full_name="Мария Иванова"
    )
    moderator.set_password(PASSWORD)
    session = DesignSession(
        title="Модели взаимодействия школы с социальными партнёрами",
        date=dt.date(2023, 3, 27),
        starts_at=dt.time(11, 0),
        owner=moderator,
        join_code=new_join_code(),
        projector_token=new_projector_token(),
        phase=phase,
    )
    group = CreativeGroup(name="Группа 1", position=0, capacity=15)
    session.groups.append(group)
    give_session_template(session)
    people = [
        Participant(
            session=session,
            group=group,
            device_id=secrets.token_urlsafe(24),
            full_name=f"Участник {number + 1}",
            organisation="ГБОУ СОШ № 496",
            position="учитель",
            city="Московский район",
            consented_at=dt.datetime.now(dt.UTC),
        )
        for number in range(members)
    ]
    db.session.add_all([moderator, session, *people])
    db.session.commit()
    return Seeded(
        session_id=session.id,
        group_id=group.id,
        moderator_id=moderator.id,
        moderator_email=moderator.email,
        members=[(person.id, person.device_id) for person in people],
    )
