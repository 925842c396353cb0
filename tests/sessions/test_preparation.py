"""Creating, editing and deleting sessions; the list; the phase before the start; the team."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import Phase, SessionKind
from tests.conftest import PASSWORD, build_app


def session_form(**overrides) -> dict[str, str]:
    """What a moderator submits on the new-session form."""
    return {
        "title": "Школа и социальные партнёры",
        "kind": "design_session",
        "theme": "Профориентация в сетевом взаимодействии",
        "date": "2024-04-10",
        "starts_at": "10:00",
        "ends_at": "13:00",
        "venue": "ГБОУ СОШ № 496, актовый зал",
        "host_organisation": "ИМЦ Московского района",
        "co_organisers": "РГПУ им. А.И. Герцена\n\n  ЛОИРО  \n",
        "framing_event": "Петербургский образовательный форум",
        "language": "ru",
        "contact_name": "Анна Петрова",
        "contact_phone": "+7 (812) 123-45-67",
        "others_may_view_models": "y",
        "group_count": "5",
        "template_id": "0",
    } | overrides


def only_session() -> DesignSession:
    return db.session.scalars(sa.select(DesignSession)).one()


def count_sessions() -> int:
    return db.session.scalar(sa.select(sa.func.count(DesignSession.id)))


def test_index_shows_an_empty_state_that_tells_a_newcomer_what_to_do(moderator_client):
    page = moderator_client.get("/sessions/").get_data(as_text=True)
    assert "У вас пока нет сессий" in page
    assert "Откройте регистрацию" in page
    assert 'href="/sessions/new"' in page


def test_index_lists_owned_and_co_moderated_sessions_with_counts(
    moderator_client, moderator, make_moderator, make_session, make_participant
):
    other = make_moderator()
    owned = make_session(title="Своя сессия", groups=5)
    shared = make_session(owner=other, title="Чужая с доступом", groups=1)
    shared.co_moderators.append(moderator)
    make_session(owner=other, title="Совсем чужая")
    for _ in range(2):
        make_participant(owned, owned.groups[0])
    db.session.commit()

    page = moderator_client.get("/sessions/").get_data(as_text=True)
    assert "Своя сессия" in page and "Чужая с доступом" in page
    assert "Совсем чужая" not in page
    assert "27 марта 2023" in page
    assert "5 творческих групп" in page
    assert "1 творческая группа" in page
    assert "2 участника" in page
    assert "Регистрация" in page  # the phase label of a session in the lobby
    assert "Новая сессия" in page


def test_new_session_form_starts_with_sensible_defaults(moderator_client):
    page = moderator_client.get("/sessions/new").get_data(as_text=True)
    assert "<h1>Новая сессия</h1>" in page
    assert f'value="{dt.date.today().isoformat()}"' in page
    assert 'value="10:00"' in page and 'value="13:00"' in page
    assert 'name="group_count" required type="number" value="5"' in page
    assert '<option selected value="design_session">Дизайн-сессия</option>' in page
    assert '<option selected value="ru">' in page
    assert "Модель взаимодействия по умолчанию" in page


def test_creating_a_session_gives_it_codes_groups_and_the_default_template(
    moderator_client, moderator
):
    response = moderator_client.post("/sessions/new", data=session_form())
    session = only_session()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{session.id}")
    assert session.owner_id == moderator.id
    assert session.phase == Phase.draft
    assert session.kind == SessionKind.design_session
    assert session.join_code.isdigit() and len(session.join_code) == 6
    assert len(session.projector_token) >= 24
    assert [g.name for g in session.groups] == [f"Группа {n}" for n in range(1, 6)]
    assert session.template is not None
    assert session.template.sections[0].key == "title"
    assert session.template.sections[0].title == "Наименование"
    assert session.co_organisers == "РГПУ им. А.И. Герцена\nЛОИРО"
    assert session.ends_at == dt.time(13, 0)
    assert session.others_may_view_models is True


def test_an_english_session_gets_english_group_names_and_template(moderator_client):
    moderator_client.post("/sessions/new", data=session_form(language="en", group_count="2"))
    session = only_session()
    assert [g.name for g in session.groups] == ["Group 1", "Group 2"]
    assert session.template.sections[0].title == "Title"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "Заполните это поле."),
        ("title", "Д" * 301, "300"),
        ("venue", "м" * 501, "500"),
        ("contact_name", "и" * 201, "200"),
        ("contact_phone", "8-800-ПОЗВОНИ", "Только цифры, пробелы, +, - и скобки."),
        ("contact_phone", "1" * 51, "50"),
        ("ends_at", "09:00", "Сессия должна закончиться позже, чем начнётся."),
        ("date", "", "Обязательное поле."),
        ("group_count", "51", "50"),
        ("post_url", "javascript:alert(1)", "Введите полную ссылку, https://…"),
        ("post_url", "https://", "Введите полную ссылку, https://…"),
        ("districts_city", "г" * 101, "100"),
    ],
)
def test_invalid_session_fields_are_refused_next_to_the_field_and_nothing_is_saved(
    moderator_client, field, value, message
):
    response = moderator_client.post("/sessions/new", data=session_form(**{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert count_sessions() == 0
    # The message sits right after the field it belongs to.
    error = page.index(f'id="{field}-error"')
    assert message in page[error : error + 300]
    assert 'aria-invalid="true"' in page[page.index(f'id="{field}"') - 200 : error]


@pytest.mark.parametrize(("interface", "selected"), [("ru", "ru"), ("en", "en")])
def test_a_new_session_starts_in_the_moderators_interface_language(
    moderator_client, interface, selected
):
    page = moderator_client.get(f"/sessions/new?lang={interface}").get_data(as_text=True)
    language = page[
        page.index('id="language"') : page.index("</select>", page.index('id="language"'))
    ]
    assert f'<option selected value="{selected}">' in language


def test_editing_keeps_the_sessions_own_language_whatever_the_interface(
    moderator_client, make_session
):
    session = make_session()
    page = moderator_client.get(f"/sessions/{session.id}/edit?lang=en").get_data(as_text=True)
    language = page[
        page.index('id="language"') : page.index("</select>", page.index('id="language"'))
    ]
    assert f'<option selected value="{session.language}">' in language


def test_a_phone_of_letters_is_refused_with_one_message_not_two(moderator_client):
    response = moderator_client.post("/sessions/new", data=session_form(contact_phone="abc"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count("Только цифры, пробелы, +, - и скобки.") == 1
    assert page.count('id="contact_phone-error"') == 1


def test_session_starts_from_a_library_template(moderator_client, moderator, make_session):
    source = make_session()
    moderator_client.post(
        f"/sessions/{source.id}/template", data={"title": "Риски проекта", "kind": "text"}
    )
    moderator_client.post(f"/sessions/{source.id}/template/save", data={"name": "Мой шаблон"})

    page = moderator_client.get("/sessions/new").get_data(as_text=True)
    assert "Мой шаблон" in page
    library_id = int(page.split(">Мой шаблон<")[0].rsplit('value="', 1)[1].split('"')[0])
    moderator_client.post(
        "/sessions/new", data=session_form(title="Вторая", template_id=str(library_id))
    )
    new = db.session.scalars(sa.select(DesignSession).filter_by(title="Вторая")).one()
    assert new.template.name == "Мой шаблон"
    assert [s.key for s in new.template.sections] == [s.key for s in source.template.sections]
    assert new.template.sections[-1].title == "Риски проекта"
    assert new.template.id != source.template.id


def test_another_moderators_library_template_is_not_offered_or_accepted(
    moderator_client, make_moderator, make_session, app
):
    from facilitator.sessions import model_templates

    other = make_moderator()
    theirs = model_templates.save_to_library(make_session(owner=other), "Чужой шаблон", other)
    db.session.commit()
    assert "Чужой шаблон" not in moderator_client.get("/sessions/new").get_data(as_text=True)
    response = moderator_client.post("/sessions/new", data=session_form(template_id=str(theirs.id)))
    assert response.status_code == 422
    assert count_sessions() == 1  # only the other moderator's


def test_editing_saves_the_details(moderator_client, make_session):
    session = make_session()
    page = moderator_client.get(f"/sessions/{session.id}/edit").get_data(as_text=True)
    assert "Модели взаимодействия школы с социальными партнёрами" in page
    assert "group_count" not in page
    response = moderator_client.post(
        f"/sessions/{session.id}/edit",
        data=session_form(title="Новое название", kind="strategic_session", ends_at=""),
    )
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.title == "Новое название"
    assert session.kind == SessionKind.strategic_session
    assert session.ends_at is None
    assert len(session.groups) == 2  # editing does not add groups


def test_editing_with_an_over_long_title_changes_nothing(moderator_client, make_session):
    session = make_session()
    response = moderator_client.post(
        f"/sessions/{session.id}/edit", data=session_form(title="x" * 301)
    )
    assert response.status_code == 422
    db.session.refresh(session)
    assert session.title == "Модели взаимодействия школы с социальными партнёрами"


def test_overview_shows_every_detail(moderator_client, make_session):
    session = make_session(
        phase="draft",
        venue="Актовый зал",
        host_organisation="ИМЦ",
        co_organisers="РГПУ\nЛОИРО",
        framing_event="Форум",
        contact_name="Анна Петрова",
        contact_phone="+7 812 000-00-00",
        theme="Тема <b>жирная</b>",
    )
    page = moderator_client.get(f"/sessions/{session.id}").get_data(as_text=True)
    for text in (
        "Актовый зал",
        "ИМЦ",
        "РГПУ<br>ЛОИРО",
        "Форум",
        "Анна Петрова",
        "+7 812 000-00-00",
    ):
        assert text in page
    assert session.join_code in page
    assert "Тема &lt;b&gt;жирная&lt;/b&gt;" in page
    assert "Подготовка" in page
    assert "Открыть регистрацию" in page
    for label in ("Обзор", "Программа", "Группы", "Шаблон", "Команда", "Участники"):
        assert f">{label}</a>" in page
    assert f'href="/sessions/{session.id}/participants"' in page
    assert f'href="/sessions/{session.id}/share"' in page


def test_open_registration_moves_draft_to_lobby_and_back(moderator_client, make_session):
    session = make_session(phase="draft")
    response = moderator_client.post(
        f"/sessions/{session.id}/open-registration", follow_redirects=True
    )
    assert "Регистрация открыта" in response.get_data(as_text=True)
    db.session.refresh(session)
    assert session.phase == Phase.lobby
    assert "Вернуть в подготовку" in response.get_data(as_text=True)

    moderator_client.post(f"/sessions/{session.id}/back-to-preparation")
    db.session.refresh(session)
    assert session.phase == Phase.draft


def test_opening_registration_twice_shows_an_error(moderator_client, make_session):
    session = make_session(phase="lobby")
    response = moderator_client.post(
        f"/sessions/{session.id}/open-registration", follow_redirects=True
    )
    assert "Регистрация уже открыта" in response.get_data(as_text=True)
    db.session.refresh(session)
    assert session.phase == Phase.lobby


def test_session_with_participants_cannot_go_back_to_preparation(
    moderator_client, make_session, make_participant
):
    session = make_session(phase="lobby")
    make_participant(session, session.groups[0])
    page = moderator_client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Вернуть в подготовку" not in page
    response = moderator_client.post(
        f"/sessions/{session.id}/back-to-preparation", follow_redirects=True
    )
    assert "уже присоединились" in response.get_data(as_text=True)
    db.session.refresh(session)
    assert session.phase == Phase.lobby


def test_owner_deletes_a_session(moderator_client, make_session):
    session = make_session()
    page = moderator_client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert 'data-confirm="Удалить сессию' in page
    response = moderator_client.post(f"/sessions/{session.id}/delete")
    assert response.status_code == 302
    assert count_sessions() == 0


def test_owner_adds_and_removes_a_co_moderator(moderator_client, make_moderator, make_session):
    session = make_session()
    colleague = make_moderator(email="colleague@example.org", full_name="Пётр Сидоров")
    response = moderator_client.post(
        f"/sessions/{session.id}/team", data={"email": " Colleague@Example.org "}
    )
    assert response.status_code == 302
    db.session.refresh(session)
    assert [m.id for m in session.co_moderators] == [colleague.id]

    page = moderator_client.get(f"/sessions/{session.id}/team").get_data(as_text=True)
    assert "Пётр Сидоров" in page and 'data-confirm="Убрать Пётр Сидоров из команды?"' in page
    moderator_client.post(f"/sessions/{session.id}/team/{colleague.id}/remove")
    db.session.refresh(session)
    assert session.co_moderators == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.org", "Модератора с таким e-mail нет"),
        ("colleague@example.org", "уже в команде"),
        ("owner@example.org", "владелец сессии"),
        ("not-an-email", "Введите правильный адрес e-mail."),
    ],
)
def test_adding_a_co_moderator_explains_what_is_wrong(
    client, login, make_moderator, make_session, email, message
):
    owner = make_moderator(email="owner@example.org")
    colleague = make_moderator(email="colleague@example.org")
    session = make_session(owner=owner)
    session.co_moderators.append(colleague)
    db.session.commit()
    login(owner)
    response = client.post(f"/sessions/{session.id}/team", data={"email": email})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = page.index('id="email-error"')
    assert message in page[error : error + 300]
    db.session.refresh(session)
    assert [m.id for m in session.co_moderators] == [colleague.id]


def test_a_co_moderator_can_edit_but_cannot_manage_the_team_or_delete(
    client, login, make_moderator, make_session
):
    owner = make_moderator()
    colleague = make_moderator()
    third = make_moderator(email="third@example.org")
    session = make_session(owner=owner)
    session.co_moderators.append(colleague)
    db.session.commit()
    login(colleague)

    assert (
        client.post(
            f"/sessions/{session.id}/edit", data=session_form(title="Правка коллеги")
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/sessions/{session.id}/groups", data={"name": "Группа 3", "capacity": "10"}
        ).status_code
        == 302
    )
    team_page = client.get(f"/sessions/{session.id}/team").get_data(as_text=True)
    assert 'name="email"' not in team_page
    assert "Удалить сессию" not in client.get(f"/sessions/{session.id}").get_data(as_text=True)

    assert (
        client.post(f"/sessions/{session.id}/team", data={"email": third.email}).status_code == 403
    )
    assert client.post(f"/sessions/{session.id}/team/{colleague.id}/remove").status_code == 403
    assert client.post(f"/sessions/{session.id}/delete").status_code == 403
    db.session.refresh(session)
    assert session.title == "Правка коллеги"
    assert len(session.groups) == 3
    assert [m.id for m in session.co_moderators] == [colleague.id]


def test_pages_switch_to_english_with_lang(moderator_client):
    page = moderator_client.get("/sessions/new?lang=en").get_data(as_text=True)
    assert "<h1>New session</h1>" in page
    assert "Number of creative groups" in page


def test_a_post_without_csrf_token_is_refused_when_csrf_is_on(tmp_path):
    app = build_app(f"sqlite:///{tmp_path / 'csrf.db'}", tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        from facilitator.accounts.models import Moderator

        moderator = Moderator(email="csrf@example.org", full_name="Мария")
        moderator.set_password(PASSWORD)
        db.session.add(moderator)
        db.session.commit()
        client = app.test_client()
        login_page = client.get("/login").get_data(as_text=True)
        token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post(
            "/login", data={"email": moderator.email, "password": PASSWORD, "csrf_token": token}
        )

        refused = client.post("/sessions/new", data=session_form())
        assert refused.status_code == 400
        assert count_sessions() == 0

        form_page = client.get("/sessions/new").get_data(as_text=True)
        token = form_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        accepted = client.post("/sessions/new", data=session_form(csrf_token=token))
        assert accepted.status_code == 302
        assert count_sessions() == 1
        db.session.remove()


def test_the_facts_for_the_documents_are_saved_one_item_per_line(moderator_client, make_session):
    session = make_session()
    response = moderator_client.post(
        f"/sessions/{session.id}/edit",
        data=session_form(
            officials="  Хрупенкова Е. А., начальник сектора \n\n Савинова Н. А., методист ",
            moderators_note="Неверова В. В., председатель комитета",
            cultural_programme="Гости посетили школьный музей",
            closing_thanks="Участники поблагодарили организаторов",
            post_url="https://vk.com/wall-1_2",
            districts_city="Санкт-Петербург",
        ),
    )
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.official_list == [
        "Хрупенкова Е. А., начальник сектора",
        "Савинова Н. А., методист",
    ]
    assert session.moderator_list == ["Неверова В. В., председатель комитета"]
    assert session.post_url == "https://vk.com/wall-1_2"
    assert session.districts_city == "Санкт-Петербург"
    page = moderator_client.get(f"/sessions/{session.id}/edit").get_data(as_text=True)
    assert "Гости посетили школьный музей" in page
