"""The moderator's roster and share page: access, moves, leaders, removal, auto-balance."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.joining import roster
from facilitator.joining.services import GroupFullError
from facilitator.sessions.models import Participant


def text(response) -> str:
    return response.get_data(as_text=True)


def reload(participant: Participant) -> Participant:
    db.session.expire_all()
    return db.session.get(Participant, participant.id)


# --- who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["participants", "share"])
def test_anonymous_visitors_are_sent_to_login(client, make_session, page):
    session = make_session()
    response = client.get(f"/sessions/{session.id}/{page}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_registered_participant_cannot_open_the_roster(client, make_session, make_participant):
    session = make_session()
    make_participant(session, group=session.groups[0], device_id="p" * 32)
    client.set_cookie("facilitator_device", "p" * 32)
    response = client.get(f"/sessions/{session.id}/participants")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "participants"),
        ("get", "share"),
        ("post", "participants/auto-balance"),
        ("post", "participants/{pid}/remove"),
        ("post", "participants/{pid}/leader"),
        ("post", "participants/{pid}/move"),
    ],
)
def test_another_moderator_gets_404(
    client, login, make_moderator, make_session, make_participant, method, path
):
    session = make_session()
    person = make_participant(session)
    login(make_moderator())
    url = f"/sessions/{session.id}/" + path.format(pid=person.id)
    assert getattr(client, method)(url, data={"leader": "1", "group": ""}).status_code == 404
    assert reload(person) is not None


def test_a_co_moderator_sees_the_roster(client, login, make_moderator, make_session):
    session = make_session()
    colleague = make_moderator()
    session.co_moderators.append(colleague)
    db.session.commit()
    login(colleague)
    assert client.get(f"/sessions/{session.id}/participants").status_code == 200


def test_participant_of_another_session_is_not_found(
    moderator_client, make_session, make_participant
):
    session, other = make_session(), make_session()
    stranger = make_participant(other)
    response = moderator_client.post(f"/sessions/{session.id}/participants/{stranger.id}/remove")
    assert response.status_code == 404
    assert reload(stranger) is not None


# --- what it shows -----------------------------------------------------------------------------


def test_roster_lists_personal_data_by_group_with_no_group_first(
    moderator_client, make_session, make_participant
):
    session = make_session(groups=2, capacity=5)
    first, second = session.groups
    for _ in range(3):
        make_participant(session, group=first)
    make_participant(
        session,
        group=second,
        full_name="Петрова Ольга",
        organisation="ГБОУ гимназия № 70",
        position="педагог-организатор",
        city="Петроградский район",
        email="olga@example.org",
        is_leader=True,
    )
    make_participant(session, full_name="Без Группы")
    page = text(moderator_client.get(f"/sessions/{session.id}/participants"))
    assert "5 участников" in page
    assert "3 участника" in page
    assert "2 свободных места" in page
    assert "4 свободных места" in page
    for value in (
        "Петрова Ольга",
        "ГБОУ гимназия № 70",
        "педагог-организатор",
        "Петроградский район",
        "olga@example.org",
    ):
        assert value in page
    table = page[page.index("<table") :]
    assert table.index("Без группы") < table.index("Без Группы") < table.index("Группа 1")
    assert table.index("Группа 1") < table.index("Группа 2") < table.index("Петрова Ольга")
    assert "Руководитель" in page
    assert "data-confirm=" in page


def test_share_page_shows_the_code_grouped_the_link_and_the_qr(moderator_client, make_session):
    session = make_session()
    code = session.join_code
    page = text(moderator_client.get(f"/sessions/{session.id}/share"))
    assert f"{code[:3]} {code[3:]}" in page
    assert f"http://localhost/j/{code}" in page
    assert f'src="/s/{code}/qr.svg"' in page
    assert f"/s/{code}/qr.png?download=1" in page


def test_share_page_uses_the_public_url_when_set(app, moderator_client, make_session):
    app.config["PUBLIC_URL"] = "https://sessions.example.org/"
    session = make_session()
    page = text(moderator_client.get(f"/sessions/{session.id}/share"))
    assert f"https://sessions.example.org/j/{session.join_code}" in page


def test_share_page_warns_when_registration_is_not_open(moderator_client, make_session):
    session = make_session(phase="draft")
    page = text(moderator_client.get(f"/sessions/{session.id}/share"))
    assert "Регистрация на эту сессию ещё не открыта" in page


# --- moving people -----------------------------------------------------------------------------


def test_moderator_moves_a_participant_to_a_group_with_room(
    moderator_client, make_session, make_participant
):
    session = make_session(groups=2, capacity=2)
    person = make_participant(session, group=session.groups[0], is_leader=True)
    target = session.groups[1]
    response = moderator_client.post(
        f"/sessions/{session.id}/participants/{person.id}/move",
        data={"group": str(target.id)},
        follow_redirects=True,
    )
    assert f"{person.full_name} переведён(а) в группу «Группа 2»" in text(response)
    person = reload(person)
    assert person.group_id == target.id
    assert person.is_leader is False


def test_moving_into_a_full_group_is_refused_with_a_clear_error(
    moderator_client, make_session, make_participant
):
    session = make_session(groups=2, capacity=1)
    full = session.groups[1]
    make_participant(session, group=full)
    person = make_participant(session, group=session.groups[0])
    response = moderator_client.post(
        f"/sessions/{session.id}/participants/{person.id}/move", data={"group": str(full.id)}
    )
    assert response.status_code == 422
    assert f'id="error-{person.id}"' in text(response)
    assert "Группа «Группа 2» заполнена" in text(response)
    assert reload(person).group_id == session.groups[0].id


def test_moderator_takes_a_participant_out_of_every_group(
    moderator_client, make_session, make_participant
):
    session = make_session()
    person = make_participant(session, group=session.groups[0])
    moderator_client.post(
        f"/sessions/{session.id}/participants/{person.id}/move", data={"group": ""}
    )
    assert reload(person).group_id is None


def test_moving_into_a_group_of_another_session_is_refused(
    moderator_client, make_session, make_participant
):
    session, other = make_session(), make_session()
    person = make_participant(session, group=session.groups[0])
    response = moderator_client.post(
        f"/sessions/{session.id}/participants/{person.id}/move",
        data={"group": str(other.groups[0].id)},
    )
    assert response.status_code == 422
    assert reload(person).group_id == session.groups[0].id


def test_move_service_counts_the_person_once_when_staying(app, make_session, make_participant):
    session = make_session(groups=1, capacity=1)
    person = make_participant(session, group=session.groups[0])
    assert roster.move_participant(person, session.groups[0].id).id == session.groups[0].id
    other = make_participant(session)
    with app.test_request_context(), pytest.raises(GroupFullError):
        roster.move_participant(other, session.groups[0].id)


# --- leaders -----------------------------------------------------------------------------------


def test_a_group_has_one_leader_at_most(moderator_client, make_session, make_participant):
    session = make_session()
    group = session.groups[0]
    first = make_participant(session, group=group, full_name="Первый Руководитель")
    second = make_participant(session, group=group, full_name="Второй Руководитель")
    url = f"/sessions/{session.id}/participants/{{}}/leader"
    moderator_client.post(url.format(first.id), data={"leader": "1"})
    assert reload(first).is_leader
    response = moderator_client.post(
        url.format(second.id), data={"leader": "1"}, follow_redirects=True
    )
    assert "вместо Первый Руководитель" in text(response)
    assert reload(second).is_leader
    assert not reload(first).is_leader
    leaders = db.session.scalars(
        sa.select(Participant).filter_by(group_id=group.id, is_leader=True)
    ).all()
    assert [p.id for p in leaders] == [second.id]


def test_moderator_unmarks_a_leader(moderator_client, make_session, make_participant):
    session = make_session()
    person = make_participant(session, group=session.groups[0], is_leader=True)
    moderator_client.post(
        f"/sessions/{session.id}/participants/{person.id}/leader", data={"leader": "0"}
    )
    assert not reload(person).is_leader


def test_leaders_of_different_groups_do_not_interfere(app, make_session, make_participant):
    session = make_session(groups=2)
    one = make_participant(session, group=session.groups[0], is_leader=True)
    two = make_participant(session, group=session.groups[1])
    with app.test_request_context():
        assert roster.set_leader(two, True) is None
    assert reload(one).is_leader and reload(two).is_leader


def test_a_person_without_a_group_cannot_lead(moderator_client, make_session, make_participant):
    session = make_session()
    person = make_participant(session)
    response = moderator_client.post(
        f"/sessions/{session.id}/participants/{person.id}/leader", data={"leader": "1"}
    )
    assert response.status_code == 422
    assert "Сначала включите участника в группу" in text(response)
    assert not reload(person).is_leader


# --- removal -----------------------------------------------------------------------------------


def test_moderator_removes_a_participant(moderator_client, make_session, make_participant):
    session = make_session()
    person = make_participant(session, group=session.groups[0], full_name="Удаляемый Участник")
    response = moderator_client.post(
        f"/sessions/{session.id}/participants/{person.id}/remove", follow_redirects=True
    )
    assert "Удаляемый Участник удалён(а) из сессии" in text(response)
    db.session.expire_all()
    assert db.session.get(Participant, person.id) is None


# --- auto-balance ------------------------------------------------------------------------------


def test_auto_balance_fills_the_emptiest_groups_evenly(app, make_session, make_participant):
    session = make_session(groups=3, capacity=4)
    first, second, third = session.groups
    make_participant(session, group=first)
    make_participant(session, group=first)
    make_participant(session, group=third)
    for _ in range(7):
        make_participant(session)
    result = roster.auto_balance(session)
    assert (result.placed, result.unplaced) == (7, 0)
    counts = {
        g.id: db.session.scalar(sa.select(sa.func.count(Participant.id)).filter_by(group_id=g.id))
        for g in (first, second, third)
    }
    assert counts == {first.id: 4, second.id: 3, third.id: 3}


def test_auto_balance_reports_who_could_not_be_placed(
    moderator_client, make_session, make_participant
):
    session = make_session(groups=2, capacity=2)
    for _ in range(5):
        make_participant(session)
    response = moderator_client.post(
        f"/sessions/{session.id}/participants/auto-balance", follow_redirects=True
    )
    page = text(response)
    assert "4 участника распределены по группам" in page
    assert "1 участник не распределён: в группах нет мест" in page
    db.session.expire_all()
    unplaced = db.session.scalars(
        sa.select(Participant).filter_by(session_id=session.id, group_id=None)
    ).all()
    assert len(unplaced) == 1


def test_auto_balance_with_everyone_placed_says_so(
    moderator_client, make_session, make_participant
):
    session = make_session()
    make_participant(session, group=session.groups[0])
    response = moderator_client.post(
        f"/sessions/{session.id}/participants/auto-balance", follow_redirects=True
    )
    assert "Все участники уже в группах" in text(response)
