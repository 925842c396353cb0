"""Fixtures for the materials tests: a stored session like the seeds' design session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from facilitator.extensions import db
from facilitator.materials import gather as gather_module
from facilitator.materials.gather import Sources
from facilitator.materials.records import Comment, SurveyResults, Vote, VotingResults
from facilitator.sessions.models import AgendaItem, DesignSession, SessionLogo
from facilitator.sessions.phases import AgendaKind
from tests.materials.samples import (
    MODELS,
    ORGANISATIONS,
    PLACES,
    png_logo,
    sections_for,
    survey_results,
)
from tests.materials.smtp import smtp_server  # noqa: F401  (a fixture)


def snapshot_of(position: int) -> dict:
    """The co-editing snapshot of a full sample model, as the realtime service stores it."""
    title, idea = MODELS[position % len(MODELS)]
    sections = {}
    for section in sections_for(position, title, idea):
        if section.kind == "table":
            sections[section.key] = {"kind": "table", "rows": [dict(r) for r in section.rows]}
        else:
            sections[section.key] = {"kind": "text", "text": section.text}
    return {"sections": sections}


@dataclass
class StoredDemo:
    """The stored session and the sources that fill in votes, comments and the survey."""

    session: DesignSession
    sources: Sources


@pytest.fixture
def demo_session(make_session, make_participant) -> StoredDemo:
    """A closed design session with five groups, 23 participants, agenda and logos."""
    session = make_session(
        groups=5,
        phase="closed",
        kind="design_session",
        theme="Презентация апробированных моделей взаимодействия школы с социальными партнёрами",
        venue="ул. Победы, д. 4, актовый зал",
        host_organisation="ГБОУ СОШ №496 Московского района Санкт-Петербурга",
        co_organisers="ГБУ ДО ЦППМСП Московского района Санкт-Петербурга",
        framing_event="XIII Петербургский международный образовательный форум",
        contact_name="Кузьмин Дмитрий Александрович",
        contact_phone="241-37-98",
    )
    session.agenda.extend(
        [
            AgendaItem(
                position=0,
                starts_at=dt.time(11, 0),
                duration_minutes=10,
                kind=AgendaKind.opening,
                title="Открытие",
                speaker="Лужецкая Ирина Геннадьевна",
                speaker_credentials="директор ИМЦ Московского района",
            ),
            AgendaItem(
                position=1,
                starts_at=dt.time(11, 10),
                duration_minutes=20,
                kind=AgendaKind.talk,
                title="Управление проектами в школе",
                speaker="Кравцов Алексей Олегович",
                speaker_credentials="к.п.н., доцент РГПУ им. А.И. Герцена",
            ),
            AgendaItem(
                position=2,
                starts_at=dt.time(11, 30),
                duration_minutes=60,
                kind=AgendaKind.group_work,
                title="Работа в творческих группах",
            ),
            AgendaItem(
                position=3,
                starts_at=dt.time(12, 30),
                duration_minutes=40,
                kind=AgendaKind.presentations,
                title="Презентация моделей",
            ),
            AgendaItem(
                position=4,
                starts_at=dt.time(13, 10),
                duration_minutes=20,
                kind=AgendaKind.open_mic,
                title="Открытый микрофон",
            ),
        ]
    )
    for position, logo in enumerate((png_logo(), png_logo("#c0392b", (80, 80)))):
        session.logos.append(
            SessionLogo(
                position=position,
                filename=f"logo{position}.png",
                mimetype=logo.mimetype,
                width=logo.width,
                height=logo.height,
                data=logo.data,
            )
        )
    db.session.commit()
    number = 0
    for index, group in enumerate(session.groups):
        group.model_topic = MODELS[index][0]
        for member in range(4 if index < 2 else 5):
            make_participant(
                session,
                group,
                full_name=f"Участник {number + 1:02d}",
                organisation=ORGANISATIONS[number % len(ORGANISATIONS)],
                city=PLACES[number % len(PLACES)],
                email=f"p{number}@example.org",
                is_leader=member == 0,
                device_id=f"device-{session.id}-{number:04d}-abcdefghijklmnop",
            )
            number += 1
    db.session.commit()
    groups = session.groups
    votes = tuple(
        Vote(group_id=groups[g].id, voter=f"v{g}-{n}")
        for g, count in ((0, 7), (1, 5), (2, 5), (3, 2))
        for n in range(count)
    )
    comments = (
        Comment("Как привлечь выпускников к наставничеству?", "Иванова А. С.", groups[0].id),
    )
    sources = Sources(
        snapshot=lambda group: snapshot_of(group.position),
        votes=lambda s: votes,
        comments=lambda s: comments,
        survey=lambda s: survey_results(),
    )
    return StoredDemo(session, sources)


@pytest.fixture
def use_sources(monkeypatch) -> Callable[[Sources], None]:
    """Return a callable that makes pages and the CLI gather with the given sources."""

    def _use(sources: Sources) -> None:
        original = gather_module.gather

        def _gather(session, given=None):
            return original(session, given or sources)

        monkeypatch.setattr(gather_module, "gather", _gather)
        from facilitator.materials import exports

        monkeypatch.setattr(exports, "gather", _gather)

    return _use


def empty_sources() -> Sources:
    """No snapshots, votes, comments, speakers or survey answers."""
    return Sources(
        snapshot=lambda group: None,
        votes=lambda s: (),
        voting=lambda s: VotingResults(),
        comments=lambda s: (),
        speakers=lambda s: (),
        survey=lambda s: SurveyResults(),
    )
