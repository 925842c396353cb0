"""The session model layer behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.model_templates import give_session_template, save_to_library
from facilitator.sessions.models import (
    AgendaItem,
    CreativeGroup,
    DesignSession,
    Participant,
    PhaseTransitionError,
)
from facilitator.sessions.phases import AgendaKind, Phase, SectionKind


def _moderator(email: str = "owner@example.org") -> Moderator:
    moderator = Moderator(email=email, full_name="Ирина Лужецкая")
    moderator.set_password("long enough password")
    db.session.add(moderator)
    return moderator


def _session(owner: Moderator, **fields) -> DesignSession:
    session = DesignSession(
        title="Профориентация от А до Я",
        date=dt.date(2019, 8, 22),
        starts_at=dt.time(10, 0),
        owner=owner,
        join_code=new_join_code(),
        projector_token=new_projector_token(),
        **fields,
    )
    give_session_template(session)
    db.session.add(session)
    return session


def _participant(session: DesignSession, device: str, group: CreativeGroup | None = None):
    return Participant(
        session=session,
        group=group,
        device_id=device,
        full_name="Анна Смирнова",
        organisation="МАОУ Школа «Перспектива»",
        position="педагог",
        city="Томск",
        consented_at=dt.datetime.now(dt.UTC),
    )


def test_session_stores_agenda_groups_and_template_in_order(any_backend_app):
    session = _session(_moderator())
    session.agenda.extend(
        [
            AgendaItem(
                position=1,
                starts_at=dt.time(10, 20),
                duration_minutes=60,
                kind=AgendaKind.group_work,
                title="Работа в творческих группах",
            ),
            AgendaItem(
                position=0,
                starts_at=dt.time(10, 0),
                duration_minutes=20,
                kind=AgendaKind.talk,
                title="Открытие",
                speaker="Неверова В. В.",
            ),
        ]
    )
    session.groups.append(CreativeGroup(name="Группа 1", capacity=12))
    db.session.commit()
    db.session.expire_all()

    stored = db.session.get(DesignSession, session.id)
    assert [item.title for item in stored.agenda] == ["Открытие", "Работа в творческих группах"]
    assert stored.agenda[1].kind is AgendaKind.group_work
    assert stored.agenda[1].ends_at == dt.time(11, 20)
    assert stored.phase is Phase.draft
    assert [s.key for s in stored.template.sections][:3] == ["title", "idea", "starting_context"]
    stages = next(s for s in stored.template.sections if s.key == "stages")
    assert stages.kind is SectionKind.table
    assert [c["title"] for c in stages.columns] == ["Период", "Этап", "Ожидаемые результаты"]


def test_one_device_registers_once_per_session(any_backend_app):
    session = _session(_moderator())
    db.session.add(_participant(session, "device-a"))
    db.session.commit()
    db.session.add(_participant(session, "device-a"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_join_codes_are_unique_six_digits(any_backend_app):
    owner = _moderator()
    codes = {_session(owner).join_code for _ in range(20)}
    db.session.commit()
    assert len(codes) == 20
    assert all(len(code) == 6 and code.isdigit() and code[0] != "0" for code in codes)


def test_capacity_and_duration_must_be_positive(any_backend_app):
    session = _session(_moderator())
    db.session.commit()
    db.session.add(CreativeGroup(session_id=session.id, name="Пустая", capacity=0))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_deleting_a_session_removes_what_belongs_to_it(any_backend_app):
    session = _session(_moderator())
    group = CreativeGroup(name="Группа 1")
    session.groups.append(group)
    db.session.add(_participant(session, "device-b", group))
    db.session.commit()
    db.session.delete(session)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(CreativeGroup.id))) == 0


def test_session_cannot_return_to_draft_once_people_joined(any_backend_app):
    session = _session(_moderator())
    session.move_to(Phase.lobby)
    db.session.add(_participant(session, "device-c"))
    db.session.commit()
    with pytest.raises(PhaseTransitionError):
        session.move_to(Phase.draft)
    with pytest.raises(PhaseTransitionError):
        session.move_to(Phase.lobby)


def test_library_template_is_a_copy_independent_of_the_session(any_backend_app):
    owner = _moderator()
    session = _session(owner)
    db.session.flush()
    library = save_to_library(session, "Моя модель", owner)
    db.session.commit()
    session.template.sections[0].title = "Переименовано"
    db.session.commit()
    assert library.sections[0].title == "Наименование"
    assert library.session_id is None


def test_co_moderator_moderates_but_stranger_does_not(any_backend_app):
    owner, colleague, stranger = (_moderator(f"m{i}@example.org") for i in range(3))
    session = _session(owner)
    session.co_moderators.append(colleague)
    db.session.commit()
    assert session.is_moderated_by(owner)
    assert session.is_moderated_by(colleague)
    assert not session.is_moderated_by(stranger)
    assert not session.is_moderated_by(None)
