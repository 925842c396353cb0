"""The agenda tab: items in order, within the session's time, with overlaps shown."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.sessions import agenda
from facilitator.sessions.models import AgendaItem
from facilitator.sessions.phases import AgendaKind


def item_form(**overrides) -> dict[str, str]:
    return {
        "starts_at": "11:00",
        "duration_minutes": "30",
        "kind": "talk",
        "title": "Профориентация в координатах XXI века",
        "speaker": "Ирина Смирнова",
        "speaker_credentials": "к.п.н., доцент РГПУ им. А.И. Герцена",
    } | overrides


def items() -> list[AgendaItem]:
    return list(db.session.scalars(sa.select(AgendaItem).order_by(AgendaItem.position)))


def add(session, **fields) -> AgendaItem:
    values = {"kind": AgendaKind.talk, "title": "Доклад", "duration_minutes": 30} | fields
    item = AgendaItem(position=len(session.agenda), **values)
    session.agenda.append(item)
    db.session.commit()
    return item


def test_adding_an_item_shows_it_with_start_and_end(moderator_client, make_session):
    session = make_session()  # 11:00–14:00
    response = moderator_client.post(f"/sessions/{session.id}/agenda", data=item_form())
    assert response.status_code == 302
    [item] = items()
    assert item.starts_at == dt.time(11, 0)
    assert item.duration_minutes == 30
    assert item.kind == AgendaKind.talk
    assert item.speaker_credentials == "к.п.н., доцент РГПУ им. А.И. Герцена"
    page = moderator_client.get(f"/sessions/{session.id}/agenda").get_data(as_text=True)
    assert "11:00–11:30" in page
    assert "Ирина Смирнова, к.п.н., доцент РГПУ им. А.И. Герцена" in page
    assert "30 минут" in page


def test_the_form_starts_where_the_last_item_ends(moderator_client, make_session):
    session = make_session()
    page = moderator_client.get(f"/sessions/{session.id}/agenda").get_data(as_text=True)
    assert 'name="starts_at" required type="time" value="11:00"' in page
    add(session, starts_at=dt.time(11, 0), duration_minutes=45)
    page = moderator_client.get(f"/sessions/{session.id}/agenda").get_data(as_text=True)
    assert 'name="starts_at" required type="time" value="11:45"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_at": "10:30"}, "starts_at", "Сессия начинается в 11:00"),
        ({"starts_at": "14:00"}, "starts_at", "Сессия заканчивается в 14:00"),
        ({"starts_at": "15:10"}, "starts_at", "Сессия заканчивается в 14:00"),
        ({"starts_at": "13:45", "duration_minutes": "30"}, "duration_minutes", "14:15"),
        ({"duration_minutes": "0"}, "duration_minutes", "600"),
        ({"duration_minutes": "601"}, "duration_minutes", "600"),
        ({"title": ""}, "title", "Заполните это поле."),
        ({"title": "т" * 301}, "title", "300"),
        ({"speaker": "с" * 201}, "speaker", "200"),
        ({"speaker_credentials": "к" * 501}, "speaker_credentials", "500"),
        ({"starts_at": "25:99"}, "starts_at", "Неверное значение времени"),
    ],
)
def test_invalid_items_are_refused_next_to_the_field(
    moderator_client, make_session, data, field, message
):
    session = make_session()
    response = moderator_client.post(f"/sessions/{session.id}/agenda", data=item_form(**data))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert items() == []
    error = page.index(f'id="{field}-error"')
    assert message in page[error : error + 300]


def test_without_an_end_time_an_item_may_not_pass_midnight(moderator_client, make_session):
    session = make_session(starts_at=dt.time(18, 0), ends_at=None)
    ok = moderator_client.post(
        f"/sessions/{session.id}/agenda", data=item_form(starts_at="22:00", duration_minutes="120")
    )
    assert ok.status_code == 302
    late = moderator_client.post(
        f"/sessions/{session.id}/agenda", data=item_form(starts_at="23:30", duration_minutes="60")
    )
    assert late.status_code == 422
    assert "до полуночи" in late.get_data(as_text=True)


def test_overlapping_items_are_marked_with_a_warning(moderator_client, make_session):
    session = make_session()
    add(session, title="Открытие", starts_at=dt.time(11, 0), duration_minutes=30)
    add(session, title="Пленарный доклад", starts_at=dt.time(11, 20), duration_minutes=30)
    add(session, title="Работа в группах", starts_at=dt.time(11, 50), duration_minutes=60)
    page = moderator_client.get(f"/sessions/{session.id}/agenda").get_data(as_text=True)
    assert "Некоторые пункты пересекаются по времени" in page
    assert "Пересекается с «Пленарный доклад» (11:20–11:50)." in page
    assert "Пересекается с «Открытие» (11:00–11:30)." in page
    assert "Пересекается с «Работа в группах»" not in page  # 11:50 starts as 11:20–11:50 ends


def test_agenda_lines_flag_items_outside_a_shortened_session(app, make_session):
    session = make_session()
    add(session, starts_at=dt.time(13, 0), duration_minutes=60)
    session.ends_at = dt.time(13, 30)
    db.session.commit()
    [line] = agenda.agenda_lines(session)
    assert line.outside_session and not line.overlaps


def test_items_are_edited_moved_sorted_and_deleted(moderator_client, make_session):
    session = make_session()
    first = add(session, title="Первый", starts_at=dt.time(12, 0))
    second = add(session, title="Второй", starts_at=dt.time(11, 0))

    page = moderator_client.get(f"/sessions/{session.id}/agenda/{first.id}/edit").get_data(
        as_text=True
    )
    assert 'value="Первый"' in page
    moderator_client.post(
        f"/sessions/{session.id}/agenda/{first.id}/edit",
        data=item_form(title="Первый, исправленный", starts_at="12:00"),
    )
    assert [i.title for i in items()] == ["Первый, исправленный", "Второй"]

    moderator_client.post(
        f"/sessions/{session.id}/agenda/{second.id}/move", data={"direction": "up"}
    )
    assert [i.title for i in items()] == ["Второй", "Первый, исправленный"]
    moderator_client.post(
        f"/sessions/{session.id}/agenda/{second.id}/move", data={"direction": "down"}
    )
    assert [i.title for i in items()] == ["Первый, исправленный", "Второй"]
    moderator_client.post(f"/sessions/{session.id}/agenda/sort")
    assert [i.title for i in items()] == ["Второй", "Первый, исправленный"]

    page = moderator_client.get(f"/sessions/{session.id}/agenda").get_data(as_text=True)
    assert 'data-confirm="Удалить «Второй» из программы?"' in page
    moderator_client.post(f"/sessions/{session.id}/agenda/{second.id}/delete")
    assert [(i.title, i.position) for i in items()] == [("Первый, исправленный", 0)]


def test_an_invalid_edit_changes_nothing(moderator_client, make_session):
    session = make_session()
    item = add(session, starts_at=dt.time(12, 0))
    response = moderator_client.post(
        f"/sessions/{session.id}/agenda/{item.id}/edit", data=item_form(starts_at="09:00")
    )
    assert response.status_code == 422
    db.session.refresh(item)
    assert item.starts_at == dt.time(12, 0)


def test_a_move_with_an_unknown_direction_is_refused(moderator_client, make_session):
    session = make_session()
    item = add(session, starts_at=dt.time(12, 0))
    response = moderator_client.post(
        f"/sessions/{session.id}/agenda/{item.id}/move", data={"direction": "sideways"}
    )
    assert response.status_code == 400
