"""The group materials: title page, a chapter per group, numbered sections, real tables."""

from __future__ import annotations

import dataclasses

import pytest
from flask_babel import force_locale

from facilitator.materials.group_materials import build_group_materials, place_phrase_ru
from facilitator.materials.records import GroupRecord, ModelResult, SectionContent
from facilitator.sessions.default_template import default_sections
from tests.materials.helpers import docx_text, open_docx, plain
from tests.materials.samples import demo_materials


def _headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_every_group_is_a_chapter_with_numbered_sections_in_template_order(app):
    with app.test_request_context():
        document = open_docx(build_group_materials(demo_materials()))
    chapters = [plain(h) for h in _headings(document, 1)]
    assert chapters[0] == "1. «От идеи к профессиональному проекту»"
    assert len(chapters) == 6  # five groups and the general comments
    assert chapters[-1] == "6. Общие вопросы и предложения"
    # The title section is the chapter's heading, not repeated as section 1.
    titles = [s["title"] for s in default_sections("ru") if s["key"] != "title"]
    sections = [plain(h) for h in _headings(document, 2)]
    first_chapter = [h for h in sections if h.startswith("1.")]
    expected = [f"1.{i}. {t}" for i, t in enumerate(titles, start=1)]
    expected += [f"1.{len(titles) + 1}. Открытый микрофон", f"1.{len(titles) + 2}. Голосование"]
    assert first_chapter == expected
    assert "5.15. Потенциал" in sections


def test_tables_are_real_word_tables_with_header_rows(app):
    with app.test_request_context():
        document = open_docx(build_group_materials(demo_materials()))
    headers = [[plain(c.text) for c in t.rows[0].cells] for t in document.tables]
    assert ["№", "ФИО", "Должность", "Организация", "Город или район"] in headers
    assert ["Кто", "С кем", "Формат", "Регулярность"] in headers
    assert ["Период", "Этап", "Ожидаемые результаты"] in headers
    assert ["Показатель", "Целевое значение"] in headers
    stages = next(t for t in document.tables if t.rows[0].cells[0].text == "Период")
    assert len(stages.rows) == 4
    assert stages.rows[1].cells[1].text == "Этап 1, модель 1"
    assert stages.rows[0]._tr.trPr.xml.count("tblHeader") == 1


def test_members_leader_comments_and_votes_are_in_the_chapter(app):
    with app.test_request_context():
        text = docx_text(build_group_materials(demo_materials()))
    assert "Руководитель группы: Иванова 1 — учитель, ГБОУ СОШ № 496 Московского района" in text
    assert "Состав группы (4 человека)" in text
    assert "Иванова А. С.: Как привлечь выпускников к наставничеству?" in text
    assert "Модель получила семь голосов и заняла первое место." in text
    assert "Модель получила два голоса и заняла четвёртое место." in text
    shared = "Модель получила пять голосов и разделила второе место с ещё одной моделью."
    assert text.count(shared) == 2
    assert "Место в голосовании" not in text
    assert "НАРАБОТАННЫЕ МАТЕРИАЛЫ ГРУПП" in text


def test_an_empty_group_says_so_once_and_nothing_of_votes_comments_or_a_leader(app):
    materials = demo_materials()
    empty = GroupRecord(id=99, position=9, name="Пустая группа")
    materials = dataclasses.replace(materials, groups=(empty,), votes=(), comments=())
    with app.test_request_context():
        text = docx_text(build_group_materials(materials))
    assert "В группу никто не записался." in text
    assert "Группа не заполнила модель." in text
    for absent in (
        "Вопросов и комментариев нет",
        "Голосов нет",
        "Руководитель группы",
        "Голосование",
    ):
        assert absent not in text


def test_an_empty_section_is_left_out_and_listed_once_and_a_long_one_is_kept_whole(app):
    materials = demo_materials()
    group = materials.groups[0]
    long_text = "Очень длинный раздел. " * 5000
    sections = list(group.sections)
    sections[2] = dataclasses.replace(sections[2], text="")
    sections[3] = dataclasses.replace(sections[3], text=long_text)
    materials = dataclasses.replace(
        materials, groups=(dataclasses.replace(group, sections=tuple(sections)),)
    )
    with app.test_request_context():
        text = docx_text(build_group_materials(materials))
    assert "Раздел не заполнен" not in text
    title = group.sections[2].title
    assert f"1.3. {title}" not in plain(text)
    assert plain(text).count(title) == 1
    assert f"Не заполнены разделы: {title}." in plain(text)
    assert long_text.strip() in text


def test_control_characters_and_markup_in_sections_stay_literal(app):
    materials = demo_materials()
    hostile = SectionContent(
        "idea", "Идея", "text", text="<w:p>разметка</w:p>\x00\x1f =cmd|' /C calc'!A0\n- пункт"
    )
    group = dataclasses.replace(materials.groups[0], sections=(hostile,))
    materials = dataclasses.replace(materials, groups=(group,))
    with app.test_request_context():
        document = open_docx(build_group_materials(materials))
    texts = [p.text for p in document.paragraphs]
    assert "<w:p>разметка</w:p> =cmd|' /C calc'!A0" in texts
    bullet = next(p for p in document.paragraphs if p.text == "пункт")
    assert bullet.style.name == "List Bullet"


def test_english_session_gets_english_labels(app):
    with app.test_request_context(), force_locale("ru"):
        text = docx_text(build_group_materials(demo_materials(language="en")))
    assert "Group leader:" in text
    assert "Open microphone" in text


def test_the_title_page_names_a_venue_that_is_the_host_only_once(app):
    host = "ГБОУ СОШ №496 Московского района Санкт-Петербурга"
    with app.test_request_context():
        data = build_group_materials(demo_materials(venue=host, host_organisation=host))
    when = next(p.text for p in open_docx(data).paragraphs if p.text.startswith("27"))
    assert plain(when).endswith("\nГБОУ СОШ № 496 Московского района Санкт-Петербурга"), when


@pytest.mark.parametrize(
    ("place", "place_to", "expected"),
    [
        (1, 1, "заняла первое место"),
        (4, 4, "заняла четвёртое место"),
        (12, 12, "заняла 12-е место"),
        (1, 2, "разделила первое место с ещё одной моделью"),
        (3, 5, "разделила третье место с двумя другими моделями"),
    ],
)
def test_a_place_is_worded_as_a_person_says_it(place, place_to, expected):
    assert place_phrase_ru(ModelResult(group_id=1, place=place, place_to=place_to)) == expected
