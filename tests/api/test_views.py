"""What each API endpoint returns for the token's moderator."""

from __future__ import annotations

import csv
import io
import zipfile

from docx import Document

from facilitator.extensions import db
from facilitator.sessions.phases import Phase
from tests.api.helpers import PREFIX, assert_is_error, assert_matches_document, bearer


def test_sessions_lists_owned_and_co_moderated_sessions_but_not_others(
    api, world, make_session, moderator
):
    world.foreign_session.co_moderators.append(moderator)
    db.session.commit()
    unrelated = make_session(owner=world.stranger, title="Совсем чужая")

    body = api("/sessions").get_json()

    by_id = {item["id"]: item for item in body["items"]}
    assert set(by_id) == {world.session.id, world.foreign_session.id}
    assert unrelated.id not in by_id
    assert by_id[world.session.id]["is_owner"] is True
    assert by_id[world.foreign_session.id]["is_owner"] is False
    assert by_id[world.session.id]["counts"] == {"groups": 2, "participants": 3}


def test_session_details_give_phase_iso_date_and_counts(api, world):
    body = api(f"/sessions/{world.session.id}").get_json()

    assert body["title"] == "Модели взаимодействия школы с социальными партнёрами"
    assert body["phase"] == "survey"
    assert body["date"] == "2023-03-27"
    assert (body["starts_at"], body["ends_at"]) == ("11:00", "14:00")
    assert body["co_organisers"] == ["ИМЦ Московского района", "ЦППМСП"]
    assert body["counts"] == {
        "groups": 2,
        "participants": 3,
        "agenda_items": 2,
        "dot_voters": 2,
        "raters": 0,
        "survey_responses": 2,
    }
    assert body["moderators"] == [{"name": "Мария Иванова", "is_owner": True}]


def test_agenda_lists_items_in_order_with_times_and_speakers(api, world):
    items = api(f"/sessions/{world.session.id}/agenda").get_json()["items"]

    assert [i["title"] for i in items] == [
        "Управление проектами в школе",
        "Работа в творческих группах",
    ]
    talk = items[0]
    assert (talk["starts_at"], talk["ends_at"], talk["duration_minutes"]) == ("11:00", "11:20", 20)
    assert talk["kind"] == "talk"
    assert talk["speaker_credentials"] == "к.п.н., доцент РГПУ им. А.И. Герцена"


def test_groups_give_members_count_and_leader_without_names(api, world):
    items = api(f"/sessions/{world.session.id}/groups").get_json()["items"]

    first = items[0]
    assert first["name"] == "Группа 1"
    assert first["model_topic"] == "Школа и социальные партнёры"
    assert first["member_count"] == 2
    assert first["leader_id"] == world.people[1].id
    assert "Петров" not in str(items)


def test_participants_carry_personal_data_for_the_moderator(api, world):
    items = api(f"/sessions/{world.session.id}/participants").get_json()["items"]

    anna = next(p for p in items if p["full_name"] == "Смирнова Анна Петровна")
    assert anna["email"] == "anna@example.org"
    assert anna["organisation"] == "ГБОУ СОШ № 496"
    assert anna["group_id"] == world.groups[0].id
    assert anna["consented_at"].endswith("+00:00")
    assert [p["is_leader"] for p in items].count(True) == 1


def test_participants_of_another_moderators_session_are_not_found(api, world, make_participant):
    make_participant(world.foreign_session, full_name="Тайный Участник")

    response = api(f"/sessions/{world.foreign_session.id}/participants")

    assert_is_error(response, 404, "not_found")
    assert "Тайный" not in response.get_data(as_text=True)


def test_a_co_moderator_reads_the_sessions_participants(client, world, make_token):
    world.session.co_moderators.append(world.stranger)
    db.session.commit()

    response = client.get(
        f"{PREFIX}/sessions/{world.session.id}/participants",
        headers=bearer(make_token(world.stranger)),
    )

    assert response.status_code == 200
    assert len(response.get_json()["items"]) == 3


def test_a_group_model_has_every_template_section_in_order_with_text_and_rows(api, world):
    body = api(f"/sessions/{world.session.id}/groups/{world.groups[0].id}/model").get_json()

    sections = body["sections"]
    template = [s.key for s in world.session.template.sections]
    assert [s["key"] for s in sections] == template
    by_key = {s["key"]: s for s in sections}
    assert by_key["title"] == {
        "key": "title",
        "title": "Наименование",
        "kind": "text",
        "text": "Открытая школа",
    }
    lines = by_key["interaction_lines"]
    assert lines["kind"] == "table"
    assert [c["key"] for c in lines["columns"]] == ["who", "with_whom", "format", "regularity"]
    assert lines["rows"] == [
        {"who": "педагог", "with_whom": "ученик", "format": "урок", "regularity": "1"},
        {"who": "выпускник", "with_whom": "ученик", "format": "встреча", "regularity": ""},
    ]
    assert by_key["goals"]["text"] == ""


def test_models_list_one_model_per_group(api, world):
    items = api(f"/sessions/{world.session.id}/models").get_json()["items"]

    assert [m["group_id"] for m in items] == [g.id for g in world.groups]
    assert items[0]["sections"][0]["text"] == "Открытая школа"
    assert all(s.get("text", "") == "" and not s.get("rows") for s in items[1]["sections"])


def test_a_group_of_another_session_is_not_found(api, world):
    other_group = world.foreign_session.groups[0]

    response = api(f"/sessions/{world.session.id}/groups/{other_group.id}/model")

    assert_is_error(response, 404, "not_found")
    assert_matches_document("/sessions/{session_id}/groups/{group_id}/model", response)


def test_votes_show_the_moderator_results_that_participants_may_not_see_yet(api, world):
    world.session.phase = Phase.voting
    db.session.commit()

    response = api(f"/sessions/{world.session.id}/votes")

    assert_matches_document("/sessions/{session_id}/votes", response)
    body = response.get_json()
    assert body["hidden"] is True
    assert (body["mode"], body["voters"], body["votes_cast"]) == ("dots", 2, 3)
    assert [(row["group_id"], row["dots"], row["place"]) for row in body["items"]] == [
        (world.groups[1].id, 2, 1),
        (world.groups[0].id, 1, 2),
    ]


def test_survey_gives_shares_in_percent_as_numbers(api, world):
    body = api(f"/sessions/{world.session.id}/survey").get_json()

    assert (body["answered"], body["total"]) == (2, 3)
    assert body["answered_share"] == 66.7
    questions = {q["key"]: q for q in body["questions"]}
    form = questions["format"]
    assert form["average"] == 4.5
    assert {a["value"]: (a["count"], a["percentage"]) for a in form["answers"]}["5"] == (1, 50.0)
    assert isinstance(form["top_share"], float)
    assert {t["text"] for t in questions["wishes"]["texts"]} == {
        "Больше практики, Смирнова",
        "Больше практики, Петров",
    }


def test_a_new_session_s_survey_lists_its_questions_before_anyone_opens_a_survey_page(
    api, make_session, moderator
):
    fresh = make_session(owner=moderator, title="Новая")
    body = api(f"/sessions/{fresh.id}/survey").get_json()
    assert [q["key"] for q in body["questions"]][:2] == ["interesting_useful", "format"]
    assert body["answered"] == 0


def test_materials_list_every_file_with_a_download_url(api, world):
    items = api(f"/sessions/{world.session.id}/materials").get_json()["items"]

    assert [i["name"] for i in items] == [
        "post-release",
        "group-materials",
        "results",
        "participants",
        "post-release-pdf",
        "group-materials-pdf",
        "results-letter",
        "results-letter-pdf",
        "vk-post",
        "web-post",
        "bundle",
    ]
    docx = items[1]
    assert docx["filename"] == "group-materials-2023-03-27.docx"
    assert docx["url"].endswith(f"{PREFIX}/sessions/{world.session.id}/materials/group-materials")


def test_a_downloaded_docx_opens_in_python_docx_with_the_groups_model(api, world):
    url = api(f"/sessions/{world.session.id}/materials").get_json()["items"][1]["url"]

    response = api(url.split(PREFIX, 1)[1])

    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "group-materials-2023-03-27.docx" in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "Открытая школа" in text
    assert "Петров Иван Сергеевич" in text  # the group leader


def test_the_participants_csv_and_the_zip_download_with_their_types(api, world):
    csv_response = api(f"/sessions/{world.session.id}/materials/participants")
    zip_response = api(f"/sessions/{world.session.id}/materials/bundle")

    assert csv_response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(csv_response.data.decode("utf-8-sig")), delimiter=";"))
    assert any("Орлова Мария Викторовна" in row for row in rows)
    assert zip_response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(zip_response.data)).namelist()
    assert "post-release-2023-03-27.docx" in names


def test_an_unknown_material_is_not_found(api, world):
    response = api(f"/sessions/{world.session.id}/materials/secrets")

    assert_is_error(response, 404, "not_found")


def test_responses_and_files_are_not_stored_by_caches(api, world):
    for path in ("participants", "materials/participants"):
        response = api(f"/sessions/{world.session.id}/{path}")
        assert response.headers["Cache-Control"] == "no-store"


def test_an_unexpected_failure_is_a_json_500_outside_tests(app, api, world, monkeypatch):
    def broken(_session):
        raise RuntimeError("database went away")

    monkeypatch.setattr("facilitator.api.views.survey_results.summary", broken)
    monkeypatch.setitem(app.config, "TESTING", False)

    response = api(f"/sessions/{world.session.id}/survey")

    assert_is_error(response, 500, "server_error")
    assert "database" not in response.get_data(as_text=True)
