"""The post-release: wording from the data, organiser's edits, and the Word file."""

from __future__ import annotations

import dataclasses
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH

from facilitator.materials.post_release import build_post_release, draft, generated_paragraphs
from facilitator.materials.records import (
    GroupRecord,
    SectionContent,
    SessionMaterials,
    SurveyResults,
)
from tests.materials.helpers import NBSP, docx_paragraphs, docx_text, open_docx, plain
from tests.materials.samples import demo_materials


def test_opening_states_date_time_host_framing_event_and_title():
    text = plain(generated_paragraphs(demo_materials())["opening"])
    assert text.startswith("27 марта 2023 года в 11.00 на базе ГБОУ СОШ №496 Московского района")
    assert "(ул. Победы, д. 4, актовый зал)" in text
    assert "в рамках XIII Петербургского международного образовательного форума" in text
    assert text.endswith(
        "состоялась дизайн-сессия «Модели взаимодействия образовательного учреждения "
        "с социальными партнёрами с целью эффективного профессионального самоопределения "
        "учащихся»."
    )


def test_a_venue_that_is_the_host_itself_is_not_repeated():
    """Organisers often type the school into both fields: «на базе X (X)» reads as a slip."""
    host = "ГБОУ СОШ №496 Московского района Санкт-Петербурга"
    for venue in (host, " гбоу  сош №496 Московского района Санкт-Петербурга "):
        materials = demo_materials(venue=venue, host_organisation=host)
        text = plain(generated_paragraphs(materials)["opening"])
        assert text.startswith(
            "27 марта 2023 года в 11.00 на базе ГБОУ СОШ №496 Московского района "
            "Санкт-Петербурга в рамках XIII"
        ), text
        english = generated_paragraphs(
            demo_materials(venue=venue, host_organisation=host, language="en")
        )["opening"]
        assert english.count("Московского района") == 1, english
    # Without a host the venue is the address.
    text = plain(generated_paragraphs(demo_materials(host_organisation=""))["opening"])
    assert "по адресу: ул. Победы, д. 4, актовый зал," in text


def test_a_venue_that_starts_with_the_host_gives_only_the_address():
    """«на базе X (X, ул. Ленсовета, д. 6)» repeats a long name; the address alone is news."""
    host = "ГБОУ СОШ №496 Московского района Санкт-Петербурга"
    materials = demo_materials(venue=f"{host}, ул. Ленсовета, д. 6", host_organisation=host)
    text = plain(generated_paragraphs(materials)["opening"])
    assert text.count("Московского района") == 1, text
    assert "Санкт-Петербурга (ул. Ленсовета, д. 6) в рамках" in text
    # Another school whose name merely starts the same way is a venue of its own.
    materials = demo_materials(venue="ГБОУ СОШ №4960", host_organisation="ГБОУ СОШ №496")
    assert "(ГБОУ СОШ №4960)" in plain(generated_paragraphs(materials)["opening"])


def test_a_full_official_host_name_is_declined_with_its_type():
    """Seed 000: «на базе Государственного … учреждения средней общеобразовательной школы»."""
    host = (
        "Государственное бюджетное общеобразовательное учреждение средняя общеобразовательная "
        "школа № 496 Московского района Санкт-Петербурга"
    )
    text = plain(generated_paragraphs(demo_materials(host_organisation=host))["opening"])
    assert (
        "на базе Государственного бюджетного общеобразовательного учреждения средней "
        "общеобразовательной школы № 496 Московского района Санкт-Петербурга"
    ) in text


def test_one_official_present_is_named_without_a_colon_and_several_are_listed():
    one = "Хрупенкова Екатерина Анатольевна, начальник сектора ОУ"
    other = "Савинова Наталья Алексеевна, региональный методист"
    text = plain(generated_paragraphs(demo_materials(officials=(one,)))["officials"])
    assert text == f"На дизайн-сессии присутствовала {one}."
    text = plain(generated_paragraphs(demo_materials(officials=(one, other)))["officials"])
    assert text == f"На дизайн-сессии присутствовали: {one}; {other}."


def test_participants_are_counted_with_organisations_cities_and_districts():
    text = plain(generated_paragraphs(demo_materials())["participants"])
    assert text.startswith(
        "В работе дизайн-сессии приняли участие 23 человека из 11 образовательных организаций "
        "городов Выборга и Казани, а также Адмиралтейского, Выборгского, Красногвардейского,"
    )
    assert text.endswith("Пушкинского и Фрунзенского районов Санкт-Петербурга.")


def test_co_organisers_are_named_in_the_instrumental():
    text = plain(generated_paragraphs(demo_materials())["organisers"])
    assert text == (
        "Дизайн-сессия проводилась совместно с ГБУ ДО ЦППМСП Московского района Санкт-Петербурга."
    )


def test_speakers_are_named_with_credentials_and_gendered_verbs():
    text = plain(generated_paragraphs(demo_materials())["talks"])
    assert text == (
        "Мероприятие открыла Лужецкая Ирина Геннадьевна, директор ИМЦ Московского района. "
        "С докладом «Управление проектами в школе» выступил Кравцов Алексей Олегович, "
        "к.п.н., доцент РГПУ им. А.И. Герцена."
    )


def test_each_model_is_listed_with_its_one_line_result():
    paragraphs = generated_paragraphs(demo_materials())
    assert plain(paragraphs["models_intro"]).startswith(
        "Участники дизайн-сессии в пяти творческих группах детально проработали "
        "пять моделей взаимодействия"
    )
    lines = plain(paragraphs["models"]).split("\n")
    assert len(lines) == 5
    assert lines[0] == (
        "«От идеи к профессиональному проекту» — сопровождение проектной деятельности "
        "обучающихся, развитие системы наставничества и навыков нетворкинга;"
    )
    assert lines[1].startswith("«Интеграция образовательных возможностей — профессиональный")
    assert lines[-1].endswith(".")


def test_voting_names_the_leader_and_the_rest_with_plural_forms():
    text = plain(generated_paragraphs(demo_materials())["voting"])
    assert text.startswith(
        "По итогам голосования наибольшую поддержку участников получила модель "
        "«От идеи к профессиональному проекту» (семь голосов)."
    )
    assert "— два голоса" in text
    assert "Всего участники отдали 19 голосов" in text


def test_survey_is_reported_as_sentences_with_exact_local_percentages():
    text = generated_paragraphs(demo_materials())["survey"]
    assert f"90,9{NBSP}%" in text
    assert plain(text).startswith(
        "В анкетировании по итогам дизайн-сессии приняли участие 11 человек. "
        "Все опрошенные отметили, что мероприятие было интересно и полезно, "
        "90,9 % поставили высший балл интересной форме проведения, "
        "а 81,8 % оценили высокую практическую значимость приобретённых знаний. "
        "Кроме того, 72,7 % опрошенных выбрали ответ «очный»"
    )


def test_no_survey_sentence_starts_with_a_figure():
    """Russian starts no sentence with digits: «Среди опрошенных 90,9 %», not «90,9 % …»."""
    materials = demo_materials()
    responses = tuple(
        dataclasses.replace(r, answers={**r.answers, "useful": "no"}) if i == 0 else r
        for i, r in enumerate(materials.survey.responses)
    )
    survey = dataclasses.replace(materials.survey, responses=responses)
    text = plain(generated_paragraphs(dataclasses.replace(materials, survey=survey))["survey"])
    assert "Среди опрошенных 90,9 % отметили, что мероприятие было интересно и полезно" in text
    sentences = re.split(r"(?<=[.!?»]) (?=[А-ЯЁA-Z0-9])", text)
    assert not [s for s in sentences if s[:1].isdigit()], sentences


def test_contact_person_and_phone_close_the_post_release():
    assert plain(generated_paragraphs(demo_materials())["contact"]) == (
        "Контактное лицо: Кузьмин Дмитрий Александрович, тел. 241-37-98."
    )


def test_docx_has_the_heading_logos_chart_and_typography():
    data = build_post_release(demo_materials())
    document = open_docx(data)
    paragraphs = docx_paragraphs(data)
    assert paragraphs[0].split("\n")[:2] == ["Пост-релиз", "дизайн-сессии"]
    assert document.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert document.paragraphs[0].runs[0].bold
    header = document.sections[0].first_page_header
    header_images = [r for r in header.part.rels.values() if r.reltype.endswith("/image")]
    assert len(header_images) == 2
    assert len(document.inline_shapes) == 1
    chart = document.inline_shapes[0]
    assert chart._inline.graphic.graphicData.pic.blipFill.blip.embed in document.part.rels
    text = "\n".join(paragraphs)
    assert f"ГБОУ СОШ №{NBSP}496" in text
    assert f"90,9{NBSP}%" in text
    assert "Рисунок 1. Результаты анкетирования участников дизайн-сессии" in plain(text)
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 5
    assert plain(bullets[0].text).startswith("«От идеи к профессиональному проекту» — ")
    assert document.core_properties.language == "ru-RU"


def test_a_session_of_one_group_speaks_of_one_group():
    materials = demo_materials()
    materials = dataclasses.replace(materials, groups=materials.groups[:1])
    paragraphs = {k: plain(v) for k, v in generated_paragraphs(materials).items()}
    assert paragraphs["flow"].startswith("После работы в творческой группе участники")
    assert paragraphs["next_steps"].endswith("наработанные творческой группой материалы.")
    assert "группах" not in " ".join(paragraphs.values())


def test_organisers_edits_replace_paragraphs_and_an_empty_one_is_left_out():
    materials = demo_materials()
    edits = {"theme": "Свой абзац о теме.", "flow": ""}
    paragraphs = {p.key: p for p in draft(materials, edits)}
    assert paragraphs["theme"].edited and paragraphs["theme"].text == "Свой абзац о теме."
    assert not paragraphs["opening"].edited
    text = docx_text(build_post_release(materials, edits))
    assert "Свой абзац о теме." in text
    assert "Тема дизайн-сессии" not in text
    assert "открытого микрофона" not in text


def test_empty_session_says_nothing_of_what_did_not_happen_and_has_no_chart():
    base = demo_materials()
    materials = SessionMaterials(
        session=dataclasses.replace(base.session, logos=()),
        groups=(GroupRecord(id=1, position=0, name="Группа 1"),),
    )
    paragraphs = generated_paragraphs(materials)
    assert paragraphs["voting"] == ""
    assert paragraphs["survey"] == ""
    assert paragraphs["participants"] == ""
    assert paragraphs["models_intro"] == ""
    data = build_post_release(materials)
    assert len(open_docx(data).inline_shapes) == 0
    text = docx_text(data)
    for absent in ("не проводилось", "не поступило", "пока нет", "Сведений", "не успели"):
        assert absent not in text
    assert "будут отправлены" not in text


def test_english_session_is_written_in_english():
    materials = demo_materials(language="en")
    questions = list(materials.survey.questions)
    questions[0] = dataclasses.replace(questions[0], report_phrase="found the event useful")
    questions[1] = dataclasses.replace(questions[1], report_phrase="")
    survey = dataclasses.replace(materials.survey, questions=tuple(questions))
    materials = dataclasses.replace(materials, survey=survey)
    paragraphs = generated_paragraphs(materials)
    assert paragraphs["opening"].startswith("On 27 March 2023 at 11:00, the design session “")
    assert "100% found the event useful." in paragraphs["survey"]
    assert "90.9% gave the top score (5) to “Оцените форму проведения”." in paragraphs["survey"]
    assert "23 people took part" in paragraphs["participants"]
    assert "Post-release" in docx_text(build_post_release(materials))


def test_hostile_text_from_groups_stays_literal_and_the_file_opens():
    materials = demo_materials()
    idea = SectionContent(
        "idea", "Идея", "text", text="<script>alert(1)</script>\x00\x07 =cmd|' /C calc'!A0"
    )
    title = SectionContent("title", "Наименование", "text", text="Модель\x0b «А» & <b>Б</b>")
    group = dataclasses.replace(materials.groups[0], sections=(title, idea))
    materials = dataclasses.replace(materials, groups=(group,))
    text = docx_text(build_post_release(materials))
    assert "«Модель „А“ & <b>Б</b>»" in text
    assert "<script>alert(1)</script> =cmd|' /C calc'!A0" in text
    assert "\x00" not in text and "\x07" not in text


def test_a_session_without_survey_questions_still_builds_and_says_nothing_of_a_survey():
    materials = dataclasses.replace(demo_materials(), survey=SurveyResults())
    text = docx_text(build_post_release(materials))
    assert "анкет" not in text and "опрошенных" not in text


def test_votes_without_voting_results_still_give_shared_places():
    materials = demo_materials()
    # The sample gives models 2 and 3 five votes each: they share second place.
    results = {r.group_id: r.place_label for r in materials.model_results()}
    assert results == {1: "1", 2: "2–3", 3: "2–3", 4: "4", 5: "5"}
    tied = dataclasses.replace(
        materials, votes=tuple(v for v in materials.votes if v.group_id != 1)
    )
    assert plain(generated_paragraphs(tied)["voting"]).startswith(
        "По итогам голосования первое место разделили модели "
        "«Интеграция образовательных возможностей — профессиональный результат» и "
        "«Социальная ответственность — успех в любой профессии» (по пять голосов). "
        "Также голоса получили: «От профориентационной диагностики к профессиональному "
        "самоопределению» — два голоса."
    )


def test_a_share_of_nobody_is_left_out_of_the_sentences_but_not_the_chart():
    materials = demo_materials()
    questions = materials.survey.questions
    responses = tuple(
        dataclasses.replace(r, answers={**r.answers, "useful": "no"})
        for r in materials.survey.responses
    )
    materials = dataclasses.replace(
        materials, survey=SurveyResults(questions=questions, responses=responses)
    )
    text = plain(generated_paragraphs(materials)["survey"])
    assert "интересно и полезно" not in text
    assert "Среди опрошенных 90,9 % поставили высший балл" in text
    assert len(open_docx(build_post_release(materials)).inline_shapes) == 1
