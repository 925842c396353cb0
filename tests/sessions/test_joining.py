"""Participants join with a code, register with consent, choose a group and see their home."""

from __future__ import annotations

import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.joining import services as joining
from facilitator.joining.identity import sign_device_id
from facilitator.sessions.models import AgendaItem, Participant
from facilitator.sessions.phases import AgendaKind
from tests.queries import statements

COOKIE = "facilitator_device"
DEVICE = "d" * 32


def registration(**overrides) -> dict[str, str]:
    """A complete, valid registration form."""
    return {
        "full_name": "Иванова Мария Петровна",
        "organisation": "ГБОУ СОШ № 496",
        "position": "учитель истории",
        "city": "Московский район",
        "email": "",
        "consent": "y",
        "group": "auto",
    } | overrides


def participants() -> list[Participant]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Participant).order_by(Participant.id)))


def text(response) -> str:
    return response.get_data(as_text=True)


# --- the start page and the code ---------------------------------------------------------------


def test_start_page_has_a_big_numeric_code_input_with_focus(client):
    response = client.get("/")
    page = text(response)
    assert response.status_code == 200
    assert 'inputmode="numeric"' in page
    assert "autofocus" in page
    assert "Присоединиться к сессии" in page
    assert client.get("/join").status_code == 200


def test_code_typed_with_spaces_and_dashes_leads_to_registration(client, make_session):
    session = make_session()
    code = session.join_code
    for typed in (f"{code[:3]} {code[3:]}", f"{code[:3]}-{code[3:]}", f" {code} "):
        response = client.post("/join", data={"code": typed})
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/s/{code}/register")


def test_unknown_code_is_refused_next_to_the_field(client, make_session):
    session = make_session()
    unknown = (
        "1" + session.join_code[1:] if session.join_code[0] != "1" else "2" + session.join_code[1:]
    )
    response = client.post("/join", data={"code": f"{unknown[:3]} {unknown[3:]}"})
    page = text(response)
    assert response.status_code == 422
    assert "Сессии с таким кодом нет" in page
    assert 'id="code-error"' in page


def test_empty_code_is_refused(client):
    response = client.post("/join", data={"code": "  "})
    assert response.status_code == 422
    assert "Введите код сессии" in text(response)


def test_draft_session_code_says_registration_has_not_opened(client, make_session):
    session = make_session(phase="draft")
    response = client.post("/join", data={"code": session.join_code})
    assert response.status_code == 422
    assert "Регистрация на эту сессию ещё не открыта" in text(response)


def test_closed_session_code_says_the_session_has_ended(client, make_session):
    session = make_session(phase="closed")
    response = client.post("/join", data={"code": session.join_code})
    assert response.status_code == 422
    assert "Сессия завершена, код больше не действует" in text(response)


def test_direct_link_leads_to_registration(client, make_session):
    session = make_session()
    response = client.get(f"/j/{session.join_code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{session.join_code}/register")


def test_direct_link_of_a_closed_session_explains_why(client, make_session):
    session = make_session(phase="closed")
    response = client.get(f"/j/{session.join_code}")
    assert response.status_code == 403
    assert "Сессия завершена" in text(response)
    assert client.get("/j/000000").status_code == 404


def test_registration_of_a_draft_session_is_not_open(client, make_session):
    session = make_session(phase="draft")
    response = client.get(f"/s/{session.join_code}/register")
    assert response.status_code == 403
    assert "ещё не открыта" in text(response)
    response = client.post(f"/s/{session.join_code}/register", data=registration())
    assert response.status_code == 403
    assert participants() == []


# --- the registration form ---------------------------------------------------------------------


def test_registration_page_offers_groups_with_topics_and_disables_full_ones(
    client, make_session, make_participant
):
    session = make_session(groups=2, capacity=1)
    first, second = session.groups
    first.model_topic = "Построение индивидуальных профориентационных маршрутов"
    db.session.commit()
    make_participant(session, group=second)
    page = text(client.get(f"/s/{session.join_code}/register"))
    assert "Построение индивидуальных профориентационных маршрутов" in page
    assert "Любая группа со свободными местами" in page
    assert "1 свободное место" in page
    assert f'id="group-{second.id}" value="{second.id}" disabled' in page
    assert "мест нет" in page
    assert f"/s/{session.join_code}/consent" in page


def test_registration_creates_the_participant_and_remembers_the_device(client, make_session):
    session = make_session()
    group = session.groups[1]
    response = client.post(
        f"/s/{session.join_code}/register",
        data=registration(group=str(group.id), email=" maria@example.org "),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{session.join_code}/")
    (participant,) = participants()
    assert participant.full_name == "Иванова Мария Петровна"
    assert participant.group_id == group.id
    assert participant.email == "maria@example.org"
    assert participant.consented_at is not None
    assert client.get_cookie(COOKIE).value == sign_device_id(participant.device_id)
    home = text(client.get(response.headers["Location"]))
    assert "Вы записаны в группу «Группа 2»" in home


def test_registration_keeps_the_device_id_the_server_gave_this_browser(client, make_session):
    session = make_session()
    client.set_cookie(COOKIE, sign_device_id(DEVICE))
    client.post(f"/s/{session.join_code}/register", data=registration())
    assert participants()[0].device_id == DEVICE


def test_email_is_optional(client, make_session):
    session = make_session()
    client.post(f"/s/{session.join_code}/register", data=registration(email=""))
    assert participants()[0].email is None


def test_any_group_puts_the_person_where_most_places_are_free(
    client, make_session, make_participant
):
    session = make_session(groups=3, capacity=5)
    make_participant(session, group=session.groups[0])
    make_participant(session, group=session.groups[2])
    client.post(f"/s/{session.join_code}/register", data=registration(group="auto"))
    assert participants()[-1].group_id == session.groups[1].id


def test_any_group_asks_the_database_as_often_with_thirty_groups_as_with_two(app, make_session):
    def statements_of_one_registration(groups: int) -> int:
        session = make_session(groups=groups, capacity=5)
        with statements() as seen:
            response = app.test_client().post(
                f"/s/{session.join_code}/register", data=registration(group="auto")
            )
        assert response.status_code == 302
        return len(seen)

    assert statements_of_one_registration(30) == statements_of_one_registration(2)


def test_any_group_when_every_group_is_full_registers_without_a_group(
    client, make_session, make_participant
):
    session = make_session(groups=1, capacity=1)
    make_participant(session, group=session.groups[0])
    response = client.post(f"/s/{session.join_code}/register", data=registration())
    assert response.status_code == 302
    assert participants()[-1].group_id is None
    assert "модератор распределит вас" in text(client.get(response.headers["Location"]))


def test_full_group_is_refused_next_to_the_group_choice_and_nothing_is_saved(
    client, make_session, make_participant
):
    session = make_session(groups=2, capacity=1)
    full = session.groups[0]
    make_participant(session, group=full)
    response = client.post(
        f"/s/{session.join_code}/register", data=registration(group=str(full.id))
    )
    assert response.status_code == 422
    assert 'id="group-error"' in text(response)
    assert "Группа «Группа 1» заполнена" in text(response)
    assert len(participants()) == 1


def test_group_that_fills_while_the_form_is_open_is_refused_by_the_service(
    app, make_session, make_participant
):
    session = make_session(groups=1, capacity=1)
    make_participant(session, group=session.groups[0])
    details = joining.ParticipantDetails("Пётр", "Школа", "учитель", "Казань")
    with app.test_request_context():
        try:
            joining.register_participant(session, DEVICE, details, session.groups[0].id)
        except joining.GroupFullError as error:
            assert "заполнена" in str(error)
        else:  # pragma: no cover
            raise AssertionError("the full group took one more person")
    assert len(participants()) == 1


def test_group_of_another_session_is_refused(client, make_session):
    session, other = make_session(), make_session()
    response = client.post(
        f"/s/{session.join_code}/register", data=registration(group=str(other.groups[0].id))
    )
    assert response.status_code == 422
    assert "Выберите одну из групп в списке" in text(response)
    assert participants() == []


def test_missing_consent_is_refused(client, make_session):
    session = make_session()
    data = registration()
    del data["consent"]
    response = client.post(f"/s/{session.join_code}/register", data=data)
    assert response.status_code == 422
    assert "Без согласия на обработку персональных данных" in text(response)
    assert 'id="consent-error"' in text(response)
    assert participants() == []


def test_the_error_summary_leads_to_a_field_far_below_it(client, make_session):
    session = make_session()
    data = registration(city="")
    del data["consent"]
    response = client.post(f"/s/{session.join_code}/register", data=data)
    page = text(response)
    assert response.status_code == 422
    summary = page[page.index("error-summary") : page.index("</ul>")]
    assert '<a href="#city">Укажите город или район.</a>' in summary
    assert '<a href="#consent">Без согласия на обработку персональных данных' in summary
    assert "#full_name" not in summary


def test_the_error_summary_names_a_refused_group_choice(client, make_session):
    session, other = make_session(), make_session()
    response = client.post(
        f"/s/{session.join_code}/register", data=registration(group=str(other.groups[0].id))
    )
    page = text(response)
    assert '<a href="#group">Выберите одну из групп в списке' in page
    assert '<fieldset id="group"' in page


def test_empty_fields_are_refused_each_next_to_its_field(client, make_session):
    session = make_session()
    data = registration(full_name="   ", organisation="", position="", city="")
    response = client.post(f"/s/{session.join_code}/register", data=data)
    page = text(response)
    assert response.status_code == 422
    for field_id, message in [
        ("full_name", "Введите фамилию, имя и отчество"),
        ("organisation", "Укажите организацию"),
        ("position", "Укажите должность"),
        ("city", "Укажите город или район"),
    ]:
        assert f'id="{field_id}-error">{message}' in page
    assert participants() == []


def test_over_long_fields_are_refused(client, make_session):
    session = make_session()
    data = registration(full_name="Я" * 201, organisation="О" * 301)
    response = client.post(f"/s/{session.join_code}/register", data=data)
    assert response.status_code == 422
    assert "Не более 200 символов" in text(response)
    assert "Не более 300 символов" in text(response)
    assert participants() == []


def test_invalid_email_is_refused(client, make_session):
    session = make_session()
    response = client.post(f"/s/{session.join_code}/register", data=registration(email="maria@"))
    assert response.status_code == 422
    assert "Введите корректный адрес" in text(response)
    assert participants() == []


def test_registered_device_opening_registration_goes_home(client, make_session):
    session = make_session()
    client.post(f"/s/{session.join_code}/register", data=registration())
    response = client.get(f"/s/{session.join_code}/register", follow_redirects=True)
    assert response.request.path == f"/s/{session.join_code}/"
    assert "Вы уже зарегистрированы в этой сессии" in text(response)


def test_second_registration_from_the_same_device_creates_nothing(client, make_session):
    session = make_session()
    client.post(f"/s/{session.join_code}/register", data=registration())
    response = client.post(
        f"/s/{session.join_code}/register",
        data=registration(full_name="Другой Человек"),
        follow_redirects=True,
    )
    assert "Вы уже зарегистрированы в этой сессии" in text(response)
    assert [p.full_name for p in participants()] == ["Иванова Мария Петровна"]


def test_simultaneous_duplicate_from_one_device_hits_the_constraint_cleanly(
    client, make_session, monkeypatch
):
    session = make_session()
    original = joining._claim_place

    def rival_first(*args, **kwargs):
        # The same device's other request commits between our check and our insert.
        with db.engine.begin() as connection:
            connection.execute(
                sa.insert(Participant).values(
                    session_id=session.id,
                    device_id=DEVICE,
                    full_name="Первый запрос",
                    organisation="-",
                    position="-",
                    city="-",
                    consented_at=sa.func.current_timestamp(),
                    joined_at=sa.func.current_timestamp(),
                    is_leader=False,
                )
            )
        return original(*args, **kwargs)

    monkeypatch.setattr(joining, "_claim_place", rival_first)
    client.set_cookie(COOKIE, sign_device_id(DEVICE))
    response = client.post(f"/s/{session.join_code}/register", data=registration())
    assert response.status_code == 302
    assert [p.full_name for p in participants()] == ["Первый запрос"]
    monkeypatch.undo()
    assert "С этого устройства уже зарегистрировались" in text(
        client.get(response.headers["Location"])
    )


def test_registration_page_is_in_the_sessions_language(client, make_session):
    session = make_session(language="en")
    page = text(client.get(f"/s/{session.join_code}/register"))
    assert "Any group with free places" in page
    assert "I consent to the processing of my personal data" in page


def test_consent_text_names_the_operator_the_law_and_the_data(client, make_session):
    session = make_session(host_organisation="ГБОУ СОШ №496 Московского района")
    page = text(client.get(f"/s/{session.join_code}/consent"))
    assert "Согласие на обработку персональных данных" in page
    assert "ГБОУ СОШ №496 Московского района" in page
    assert "152-ФЗ" in page
    assert "адрес электронной почты" in page
    assert "не дольше одного года" in page


# --- the participant's home --------------------------------------------------------------------


def test_home_shows_session_phase_group_members_leader_and_agenda(
    client, make_session, make_participant
):
    session = make_session(venue="ГБОУ СОШ №496", groups=2)
    group = session.groups[0]
    group.model_topic = "Сетевое взаимодействие школы и ЦППМСП"
    session.agenda.append(
        AgendaItem(
            position=0,
            starts_at=session.starts_at,
            duration_minutes=75,
            kind=AgendaKind.group_work,
            title="Работа в творческих группах",
        )
    )
    db.session.commit()
    make_participant(session, group=group, full_name="Орлова Анна", is_leader=True)
    make_participant(session, group=group)
    me = make_participant(session, group=group, device_id=DEVICE)
    client.set_cookie(COOKIE, DEVICE)
    response = client.get(f"/s/{session.join_code}/")
    page = text(response)
    assert response.status_code == 200
    assert session.title in page
    assert "27 марта 2023" in page
    assert "ГБОУ СОШ №496" in page
    assert "Регистрация" in page  # the lobby phase
    assert "Группа 1" in page
    assert "Сетевое взаимодействие школы и ЦППМСП" in page
    assert "3 участника" in page
    assert "Руководитель группы: Орлова Анна" in page
    assert f'href="/w/{group.id}"' in page
    assert "11:00–12:15" in page
    assert "Работа в творческих группах" in page
    assert me.full_name in page


def test_home_for_an_unknown_device_redirects_to_registration(client, make_session):
    session = make_session()
    response = client.get(f"/s/{session.join_code}/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{session.join_code}/register")
    assert client.get("/s/999999/").status_code == 404


def test_participant_pages_show_no_one_elses_personal_data(client, make_session, make_participant):
    session = make_session(groups=2)
    other = make_participant(
        session,
        group=session.groups[0],
        full_name="Секретова Вера",
        organisation="Тайная гимназия",
        email="vera@example.org",
    )
    make_participant(session, group=session.groups[0], device_id=DEVICE)
    client.set_cookie(COOKIE, DEVICE)
    for url in (f"/s/{session.join_code}/", f"/s/{session.join_code}/consent"):
        page = text(client.get(url))
        for secret in (other.full_name, other.organisation, other.email):
            assert secret not in page


def test_participant_moves_to_a_group_with_free_places_in_the_lobby(
    client, make_session, make_participant
):
    session = make_session(groups=2)
    me = make_participant(session, group=session.groups[0], device_id=DEVICE, is_leader=True)
    client.set_cookie(COOKIE, DEVICE)
    page = text(client.get(f"/s/{session.join_code}/"))
    assert "Сменить группу" in page
    target = session.groups[1]
    response = client.post(f"/s/{session.join_code}/group", data={"group": str(target.id)})
    assert response.status_code == 302
    db.session.refresh(me)
    assert me.group_id == target.id
    assert me.is_leader is False


def test_participant_cannot_move_to_a_full_group(client, make_session, make_participant):
    session = make_session(groups=2, capacity=1)
    full = session.groups[1]
    make_participant(session, group=full)
    me = make_participant(session, group=session.groups[0], device_id=DEVICE)
    client.set_cookie(COOKIE, DEVICE)
    assert "В других группах нет свободных мест" in text(client.get(f"/s/{session.join_code}/"))
    response = client.post(f"/s/{session.join_code}/group", data={"group": str(full.id)})
    assert response.status_code == 422
    assert "Выберите одну из групп со свободными местами" in text(response)
    db.session.refresh(me)
    assert me.group_id == session.groups[0].id


def test_groups_cannot_be_changed_once_group_work_has_begun(client, make_session, make_participant):
    session = make_session(groups=2, phase="group_work")
    me = make_participant(session, group=session.groups[0], device_id=DEVICE)
    client.set_cookie(COOKIE, DEVICE)
    assert "Сменить группу" not in text(client.get(f"/s/{session.join_code}/"))
    response = client.post(
        f"/s/{session.join_code}/group",
        data={"group": str(session.groups[1].id)},
        follow_redirects=True,
    )
    assert "Группу больше нельзя сменить" in text(response)
    db.session.refresh(me)
    assert me.group_id == session.groups[0].id


def test_join_code_is_grouped_for_dictation():
    assert joining.format_join_code("482915") == "482 915"
