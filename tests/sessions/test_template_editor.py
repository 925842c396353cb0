"""The template tab: sections added, renamed, reordered and removed; keys stay stable."""

from __future__ import annotations

import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.sessions import template_editor
from facilitator.sessions.default_template import DEFAULT_SECTIONS
from facilitator.sessions.models import ModelTemplate, TemplateSection
from facilitator.sessions.phases import SectionKind


def sections(session) -> list[TemplateSection]:
    db.session.expire_all()
    return list(session.template.sections)


def keys(session) -> list[str]:
    return [s.key for s in sections(session)]


def test_the_tab_shows_the_default_sections_with_hint_and_example(moderator_client, make_session):
    session = make_session()
    page = moderator_client.get(f"/sessions/{session.id}/template").get_data(as_text=True)
    assert "Линии взаимодействия" in page
    assert "Кто с кем взаимодействует, в каком формате и как часто." in page
    assert "педагог – ученик; родитель – родитель; выпускник – ученик" in page
    assert ">Регулярность<" in page
    assert page.index("Наименование") < page.index("Потенциал")


def test_sections_are_added_renamed_reordered_and_removed_in_order(moderator_client, make_session):
    session = make_session()
    default_keys = [spec["key"] for spec in DEFAULT_SECTIONS]
    url = f"/sessions/{session.id}/template"

    response = moderator_client.post(
        url,
        data={
            "title": "Риски проекта",
            "kind": "table",
            "hint": "Что может пойти не так",
            "example": "Нет площадок",
            "columns": "Риск\n\n Мера \n",
        },
    )
    assert response.status_code == 302
    added = sections(session)[-1]
    assert (added.key, added.kind, added.position) == ("riski_proekta", SectionKind.table, 16)
    assert added.columns == [{"key": "risk", "title": "Риск"}, {"key": "mera", "title": "Мера"}]

    moderator_client.post(
        f"{url}/{added.id}/edit",
        data={
            "title": "Риски",
            "hint": "Новая подсказка",
            "example": "",
            "columns": "Угроза\nМера",
        },
    )
    renamed = sections(session)[-1]
    assert (renamed.key, renamed.title, renamed.hint) == (
        "riski_proekta",
        "Риски",
        "Новая подсказка",
    )
    assert renamed.kind == SectionKind.table  # the kind is not changed by an edit
    assert renamed.columns == [{"key": "risk", "title": "Угроза"}, {"key": "mera", "title": "Мера"}]

    for _ in range(2):
        moderator_client.post(f"{url}/{added.id}/move", data={"direction": "up"})
    assert keys(session) == [*default_keys[:14], "riski_proekta", *default_keys[14:]]

    idea = next(s for s in sections(session) if s.key == "idea")
    moderator_client.post(f"{url}/{idea.id}/delete")
    expected = [k for k in default_keys if k != "idea"]
    assert keys(session) == [*expected[:13], "riski_proekta", *expected[13:]]
    assert [s.position for s in sections(session)] == list(range(16))


def test_a_new_section_with_an_existing_title_gets_a_unique_key(moderator_client, make_session):
    session = make_session()
    url = f"/sessions/{session.id}/template"
    moderator_client.post(url, data={"title": "Идея", "kind": "text"})
    moderator_client.post(url, data={"title": "Идея", "kind": "text"})
    assert keys(session)[-2:] == ["ideya", "ideya_2"]
    moderator_client.post(url, data={"title": "«Барьеры»!", "kind": "text"})
    moderator_client.post(url, data={"title": "???", "kind": "text"})
    assert keys(session)[-2:] == ["barery", "section"]


def test_invalid_sections_are_refused_next_to_the_field(moderator_client, make_session):
    session = make_session()
    url = f"/sessions/{session.id}/template"
    before = keys(session)
    for data, field, message in [
        ({"title": "", "kind": "text"}, "title", "Заполните это поле."),
        ({"title": "з" * 201, "kind": "text"}, "title", "200"),
        ({"title": "Таблица", "kind": "table", "columns": ""}, "columns", "хотя бы один столбец"),
        ({"title": "Таблица", "kind": "table", "columns": "А\nА"}, "columns", "должны различаться"),
    ]:
        response = moderator_client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, data
        error = page.index(f'id="{field}-error"')
        assert message in page[error : error + 300], data
    assert keys(session) == before


def test_renaming_keeps_column_keys_of_columns_that_stay():
    existing = [{"key": "who", "title": "Кто"}, {"key": "with_whom", "title": "С кем"}]
    columns = template_editor.build_columns(["Новый", "С кем", "Кто"], existing)
    assert columns == [
        {"key": "novyy", "title": "Новый"},
        {"key": "with_whom", "title": "С кем"},
        {"key": "who", "title": "Кто"},
    ]
    renamed = template_editor.build_columns(["Кто именно", "С кем"], existing)
    assert renamed == [
        {"key": "who", "title": "Кто именно"},
        {"key": "with_whom", "title": "С кем"},
    ]


def test_save_as_library_template_then_create_a_session_from_it(
    moderator_client, moderator, make_session
):
    session = make_session()
    moderator_client.post(
        f"/sessions/{session.id}/template", data={"title": "Эффекты", "kind": "text"}
    )
    response = moderator_client.post(
        f"/sessions/{session.id}/template/save", data={"name": "Шаблон форума"}
    )
    assert response.status_code == 302
    library = db.session.scalars(
        sa.select(ModelTemplate).where(ModelTemplate.session_id.is_(None))
    ).one()
    assert (library.name, library.owner_id) == ("Шаблон форума", moderator.id)

    from tests.sessions.test_preparation import session_form

    moderator_client.post(
        "/sessions/new", data=session_form(title="Из шаблона", template_id=str(library.id))
    )
    created = db.session.scalars(
        sa.select(ModelTemplate)
        .where(ModelTemplate.session_id.is_not(None))
        .order_by(ModelTemplate.id.desc())
    ).first()
    assert created.session.title == "Из шаблона"
    assert [(s.key, s.title, s.kind, s.columns) for s in created.sections] == [
        (s.key, s.title, s.kind, s.columns) for s in sections(session)
    ]


def test_saving_without_a_name_is_refused(moderator_client, make_session):
    session = make_session()
    response = moderator_client.post(f"/sessions/{session.id}/template/save", data={"name": " "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Заполните это поле." in page[page.index('id="name-error"') :]
    assert (
        db.session.scalar(
            sa.select(sa.func.count(ModelTemplate.id)).where(ModelTemplate.session_id.is_(None))
        )
        == 0
    )


def test_a_section_of_another_sessions_template_is_not_found(moderator_client, make_session):
    mine, other = make_session(), make_session()
    foreign = other.template.sections[0]
    response = moderator_client.post(f"/sessions/{mine.id}/template/{foreign.id}/delete")
    assert response.status_code == 404
    assert len(sections(other)) == len(DEFAULT_SECTIONS)


def test_slug_transliterates_russian_titles():
    assert template_editor.slug("Линии взаимодействия") == "linii_vzaimodeystviya"
    assert template_editor.slug("Щётка и Ёж, 2-й этап") == "shchetka_i_ezh_2_y_etap"
    assert len(template_editor.slug("Очень " * 40)) <= 56
