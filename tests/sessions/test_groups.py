"""The groups tab: creative groups, their capacity and order; deleting keeps the members."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup, Participant


def group_form(**overrides) -> dict[str, str]:
    return {
        "name": "Школа и родители",
        "model_topic": "Школа и социальные партнёры для профориентации",
        "description": "Модель взаимодействия с родительским сообществом",
        "capacity": "12",
    } | overrides


def names(session) -> list[str]:
    db.session.expire_all()
    return [g.name for g in session.groups]


def test_adding_a_group_suggests_the_next_name_and_saves(moderator_client, make_session):
    session = make_session(groups=2)
    page = moderator_client.get(f"/sessions/{session.id}/groups").get_data(as_text=True)
    assert 'name="name" required type="text" value="Группа 3"' in page
    response = moderator_client.post(f"/sessions/{session.id}/groups", data=group_form())
    assert response.status_code == 302
    assert names(session) == ["Группа 1", "Группа 2", "Школа и родители"]
    group = session.groups[-1]
    assert (group.capacity, group.position) == (12, 2)
    assert group.model_topic == "Школа и социальные партнёры для профориентации"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Заполните это поле."),
        ("name", "г" * 201, "200"),
        ("model_topic", "т" * 501, "500"),
        ("capacity", "0", "200"),
        ("capacity", "201", "200"),
        ("capacity", "", "Обязательное поле."),
    ],
)
def test_invalid_groups_are_refused_next_to_the_field(
    moderator_client, make_session, field, value, message
):
    session = make_session(groups=0)
    response = moderator_client.post(
        f"/sessions/{session.id}/groups", data=group_form(**{field: value})
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert names(session) == []
    error = page.index(f'id="{field}-error"')
    assert message in page[error : error + 300]


def test_capacity_cannot_go_below_the_members_a_group_has(
    moderator_client, make_session, make_participant
):
    session = make_session(groups=1, capacity=10)
    group = session.groups[0]
    for _ in range(3):
        make_participant(session, group)
    response = moderator_client.post(
        f"/sessions/{session.id}/groups/{group.id}/edit", data=group_form(capacity="2")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = page.index('id="capacity-error"')
    assert "В группе уже 3 участника" in page[error : error + 300]
    db.session.refresh(group)
    assert (group.capacity, group.name) == (10, "Группа 1")

    ok = moderator_client.post(
        f"/sessions/{session.id}/groups/{group.id}/edit", data=group_form(capacity="3")
    )
    assert ok.status_code == 302
    db.session.refresh(group)
    assert (group.capacity, group.name) == (3, "Школа и родители")


def test_deleting_a_group_leaves_its_members_without_a_group(
    moderator_client, make_session, make_participant
):
    session = make_session(groups=2)
    doomed = session.groups[0]
    leader = make_participant(session, doomed, is_leader=True)
    member = make_participant(session, doomed)
    page = moderator_client.get(f"/sessions/{session.id}/groups").get_data(as_text=True)
    assert 'data-confirm="Удалить группу «Группа 1»?' in page
    response = moderator_client.post(
        f"/sessions/{session.id}/groups/{doomed.id}/delete", follow_redirects=True
    )
    assert "2 участника теперь без группы." in response.get_data(as_text=True)
    assert names(session) == ["Группа 2"]
    assert session.groups[0].position == 0
    people = db.session.scalars(sa.select(Participant).order_by(Participant.id)).all()
    assert [p.id for p in people] == [leader.id, member.id]
    assert all(p.group_id is None and not p.is_leader for p in people)


def test_groups_are_reordered(moderator_client, make_session):
    session = make_session(groups=3)
    third = session.groups[2]
    moderator_client.post(
        f"/sessions/{session.id}/groups/{third.id}/move", data={"direction": "up"}
    )
    assert names(session) == ["Группа 1", "Группа 3", "Группа 2"]
    moderator_client.post(
        f"/sessions/{session.id}/groups/{third.id}/move", data={"direction": "up"}
    )
    moderator_client.post(
        f"/sessions/{session.id}/groups/{third.id}/move", data={"direction": "up"}
    )
    assert names(session) == ["Группа 3", "Группа 1", "Группа 2"]
    positions = db.session.scalars(
        sa.select(CreativeGroup.position).order_by(CreativeGroup.position)
    ).all()
    assert positions == [0, 1, 2]


def test_group_names_are_escaped_everywhere_on_the_page(moderator_client, make_session):
    session = make_session(groups=0)
    moderator_client.post(
        f"/sessions/{session.id}/groups", data=group_form(name='"><script>alert(1)</script>')
    )
    page = moderator_client.get(f"/sessions/{session.id}/groups").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'aria-label="Переместить «&#34;&gt;&lt;script&gt;' in page
