"""`facilitator demo` data: the session of 27 March 2023 with five models as groups."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import sqlalchemy as sa

from facilitator.accounts.models import Moderator
from facilitator.attendance.roll import roll
from facilitator.extensions import db
from facilitator.live.demo import DEMO_EMAIL, create_demo
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.phases import AgendaKind, Phase


def test_demo_is_the_design_session_of_27_march_2023(app):
    demo = create_demo()
    session = demo.session
    assert session.title.startswith("Модели взаимодействия образовательного учреждения")
    assert session.date == dt.date(2023, 3, 27)
    assert (session.starts_at, session.ends_at) == (dt.time(11, 0), dt.time(14, 0))
    assert "№496 Московского района" in session.venue
    assert "XIII Петербургский международный образовательный форум" in session.framing_event
    assert "ЦППМСП Московского района" in session.co_organisers
    assert session.contact_name and session.contact_phone
    assert session.language == "ru"
    assert session.phase == Phase.lobby
    assert session.template is not None and session.template.sections


def test_demo_has_the_five_models_as_groups_each_with_a_leader(app):
    session = create_demo().session
    names = [g.name for g in session.groups]
    assert len(names) == 5
    assert names[0] == "От идеи к профессиональному проекту"
    assert "сетевое взаимодействие" in session.groups[4].model_topic.lower()
    for group in session.groups:
        assert group.model_topic and group.description
        assert group.members
        assert sum(m.is_leader for m in group.members) == 1
        assert group.free_places > 0


def test_demo_agenda_runs_from_plenary_to_survey(app):
    session = create_demo().session
    kinds = [item.kind for item in session.agenda]
    assert kinds[0] == AgendaKind.opening
    for kind in (AgendaKind.talk, AgendaKind.group_work, AgendaKind.presentations):
        assert kind in kinds
    assert AgendaKind.open_mic in kinds and kinds[-1] == AgendaKind.survey
    assert all(i.speaker_credentials for i in session.agenda if i.kind == AgendaKind.talk)
    assert session.agenda[-1].ends_at <= session.ends_at


def test_demo_agenda_fills_the_session_from_start_to_end_without_gaps(app):
    session = create_demo().session
    agenda = session.agenda
    assert [item.starts_at for item in agenda][:2] == [dt.time(11, 0), dt.time(11, 10)]
    assert (agenda[0].starts_at, agenda[-1].ends_at) == (session.starts_at, session.ends_at)
    for before, after in itertools.pairwise(agenda):
        assert before.ends_at == after.starts_at
    assert agenda[0].speaker and agenda[0].speaker_credentials.endswith(session.host_organisation)
    assert not agenda[-1].speaker and not agenda[-1].speaker_credentials


def test_demo_participants_come_from_the_seeds_cities_and_districts(app):
    session = create_demo().session
    cities = {p.city for p in session.participants}
    assert 12 <= len(session.participants) <= 20
    assert {"г. Казань", "г. Выборг", "Московский район", "Фрунзенский район"} <= cities


def test_demo_is_idempotent_and_keeps_the_moderators_password(app, client):
    first = create_demo()
    session_id = first.session.id
    second = create_demo()
    assert second.session.id == session_id
    assert first.password and second.password is None
    assert db.session.scalar(sa.select(sa.func.count(DesignSession.id))) == 1
    assert (
        db.session.scalar(sa.select(sa.func.count(Moderator.id)).filter_by(email=DEMO_EMAIL)) == 1
    )
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == len(
        second.session.participants
    )
    accepted = client.post("/login", data={"email": DEMO_EMAIL, "password": first.password})
    assert accepted.status_code == 302
    assert client.get(f"/sessions/{session_id}/participants").status_code == 200


def test_demo_reset_password_gives_a_new_one_and_refuses_the_old(app, client):
    first = create_demo()
    reset = create_demo(reset_password=True)
    assert reset.password and reset.password != first.password
    refused = client.post("/login", data={"email": DEMO_EMAIL, "password": first.password})
    assert refused.status_code == 422
    accepted = client.post("/login", data={"email": DEMO_EMAIL, "password": reset.password})
    assert accepted.status_code == 302


def test_demo_reopens_a_demo_left_closed(app):
    session = create_demo().session
    session.phase = Phase.closed
    db.session.commit()
    assert create_demo().session.phase == Phase.lobby


def test_people_can_join_the_demo_right_away(app, client):
    session = create_demo().session
    response = client.post("/join", data={"code": session.join_code})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "От профориентационной диагностики к профессиональному самоопределению" in page


def test_demo_participants_were_in_the_hall_on_the_day_and_attended(app):
    """The attendance sheet and certificates of the demo list everyone who joined it."""
    session = create_demo().session
    attended = roll(session).people
    assert len(attended) == len(session.participants) > 0
    assert {p.hours for p in attended} == {Decimal(3)}
