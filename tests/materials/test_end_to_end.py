"""Every file of a session run through the real services, reopened and read like a person would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook
from PIL import Image

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.materials import bundle, exports
from facilitator.materials.post_release import generated_paragraphs
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.model_templates import give_session_template
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from tests.conftest import build_app
from tests.materials.helpers import docx_text, open_docx, plain
from tests.materials.real_session import (
    HIDDEN_COMMENT,
    SECOND_COMMENT,
    TITLES,
    VISIBLE_COMMENT,
    build_real_session,
)
from tests.services import postgres_url

SURVEY_SENTENCES = (
    "В анкетировании по итогам дизайн-сессии приняли участие 11 человек. "
    "Все опрошенные отметили, что мероприятие было интересно и полезно, "
    "90,9 % поставили высший балл интересной форме проведения, "
    "а 81,8 % оценили высокую практическую значимость приобретённых знаний. "
    "Кроме того, 54,5 % опрошенных отметили, что у них возникли новые творческие "
    "и профессиональные идеи. "
    "На открытые вопросы анкеты участники дали четыре развёрнутых ответа."
)
VOTING_SENTENCES = (
    f"По итогам голосования наибольшую поддержку участников получила модель «{TITLES[0]}» "
    f"(семь голосов). Также голоса получили: «{TITLES[1]}» — пять голосов, "
    f"«{TITLES[2]}» — два голоса. "
    "Всего участники отдали 14 голосов; в голосовании приняли участие восемь человек."
)


@pytest.fixture
def real(app, make_session, make_participant, moderator):
    """A closed session whose votes, comments and survey went through the real services."""
    return build_real_session(make_session, make_participant, moderator)


@pytest.fixture
def files(real, app) -> dict[str, bytes]:
    """Every file of the real session, built as the export does."""
    with app.test_request_context():
        return {f.key: exports.build(real.session, f)[0] for f in (*bundle.FILES, bundle.BUNDLE)}


def test_post_release_reports_the_real_survey_and_voting_in_seed_wording(real, app):
    with app.test_request_context():
        paragraphs = generated_paragraphs(exports.session_materials(real.session))
    assert plain(paragraphs["survey"]) == SURVEY_SENTENCES
    assert plain(paragraphs["voting"]) == VOTING_SENTENCES
    assert plain(paragraphs["flow"]).endswith(
        "В ходе «открытого микрофона» выступил один участник. К моделям участники оставили "
        "два письменных комментария: вопросы, предложения и отзывы."
    )
    models = plain(paragraphs["models"]).split("\n")
    assert models[0] == (
        f"«{TITLES[0]}» — сопровождение проектной деятельности обучающихся и развитие "
        "наставничества;"
    )


def test_post_release_file_has_the_sentences_and_the_survey_chart(files):
    data = files["post-release"]
    text = docx_text(data)
    assert "90,9 % поставили высший балл интересной форме проведения" in text
    assert "81,8 % оценили высокую практическую значимость приобретённых знаний" in text
    assert f"наибольшую поддержку участников получила модель «{TITLES[0]}» (семь голосов)" in text
    assert "Рисунок 1. Результаты анкетирования участников дизайн-сессии" in text
    document = open_docx(data)
    assert len(document.inline_shapes) == 1
    embed = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = document.part.related_parts[embed].blob
    assert image.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(image)).size[0] > 500


def test_group_materials_have_votes_visible_comments_and_speakers_only(files):
    text = docx_text(files["group-materials"])
    assert HIDDEN_COMMENT not in text
    assert VISIBLE_COMMENT in text and SECOND_COMMENT in text
    assert "(поддержал 1 участник)" in text
    assert "Выступили у открытого микрофона: Участникова Анна 05" in text
    chapters = text.split("Линии взаимодействия")
    assert len(chapters) == 4  # a table section in each of the three chapters
    assert "Модель получила семь голосов и заняла первое место." in text
    assert "Модель получила пять голосов и заняла второе место." in text
    assert "Модель получила два голоса и заняла третье место." in text
    assert "Место в голосовании" not in text
    assert "Голосов нет." not in text
    assert "наставничество" in text and "еженедельно" in text


def test_workbook_sheets_hold_the_real_rows(files, app):
    book = load_workbook(io.BytesIO(files["results"]))
    votes = book["Голоса"]
    assert [c.value for c in votes[1]] == [
        "№",
        "Модель взаимодействия",
        "Творческая группа",
        "Проголосовал",
        "Голоса",
        "Время",
    ]
    assert votes.max_row == 10
    assert sum(row[4].value for row in votes.iter_rows(min_row=2)) == 14
    by_model: dict[str, int] = {}
    for row in votes.iter_rows(min_row=2):
        by_model[row[1].value] = by_model.get(row[1].value, 0) + row[4].value
    assert by_model == {TITLES[0]: 7, TITLES[1]: 5, TITLES[2]: 2}

    survey = book["Опрос"]
    header = [c.value for c in survey[1]]
    assert header[:3] == ["№", "Респондент", "Отправлена"]
    assert header[3:] == [
        "Было ли мероприятие интересным и полезным для вас?",
        "Оцените форму проведения мероприятия",
        "Оцените практическую значимость полученных знаний",
        "Появились ли у вас новые творческие или профессиональные идеи?",
        "Ваши пожелания",
    ]
    rows = list(survey.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 11
    assert [r[3] for r in rows].count("да") == 11
    assert [r[4] for r in rows].count(5) == 10
    assert [r[5] for r in rows].count(5) == 9
    assert [r[6] for r in rows].count("да") == 6
    assert rows[0][1] == "Участникова Анна 01"

    remarks = book["Комментарии"]
    texts = [row[3] for row in remarks.iter_rows(min_row=2, values_only=True)]
    assert sorted(texts) == sorted([VISIBLE_COMMENT, SECOND_COMMENT])
    supported = {row[3]: row[4] for row in remarks.iter_rows(min_row=2, values_only=True)}
    assert supported[VISIBLE_COMMENT] == 1

    summary = book["Сводка"]
    values = {row[0].value: row[1].value for row in summary.iter_rows(min_row=2, max_row=14)}
    assert values["Отдано голосов"] == 14
    assert values["Заполнено анкет"] == 11
    assert values["Комментарии"] == 2
    places = {
        row[0].value: (row[1].value, row[2].value)
        for row in summary.iter_rows()
        if row[0].value in TITLES
    }
    assert places == {TITLES[0]: (7, 1), TITLES[1]: (5, 2), TITLES[2]: (2, 3)}


def test_csv_and_bundle_hold_every_file(files):
    rows = list(csv.reader(io.StringIO(files["participants"].decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 13
    archive = zipfile.ZipFile(io.BytesIO(files["bundle"]))
    names = archive.namelist()
    for name in (
        "group-materials-2023-03-27.docx",
        "participants-2023-03-27.csv",
        "post-release-2023-03-27.docx",
        "results-2023-03-27.xlsx",
    ):
        assert name in names
    assert HIDDEN_COMMENT not in docx_text(archive.read("group-materials-2023-03-27.docx"))


@pytest.fixture
def postgres_real(tmp_path):
    """The same run on PostgreSQL, where the services really lock rows."""
    app = build_app(postgres_url(), tmp_path)
    with app.app_context():
        owner = Moderator(email="owner@example.org", full_name="Мария Иванова")
        owner.set_password("correct horse battery")
        db.session.add(owner)
        db.session.commit()

        def make_session(groups: int, **fields) -> DesignSession:
            session = DesignSession(
                title="Модели взаимодействия школы с социальными партнёрами",
                date=dt.date(2023, 3, 27),
                starts_at=dt.time(11, 0),
                phase="lobby",
                owner=owner,
                join_code=new_join_code(),
                projector_token=new_projector_token(),
                **fields,
            )
            for index in range(groups):
                session.groups.append(CreativeGroup(name=f"Группа {index + 1}", position=index))
            give_session_template(session)
            db.session.add(session)
            db.session.commit()
            return session

        def make_participant(session, group, **fields) -> Participant:
            person = Participant(
                session=session,
                group=group,
                organisation="ГБОУ СОШ № 496",
                position="учитель",
                city="Московский район",
                device_id=f"device-{fields['full_name']}",
                consented_at=dt.datetime.now(dt.UTC),
                **fields,
            )
            db.session.add(person)
            db.session.commit()
            return person

        yield app, build_real_session(make_session, make_participant, owner)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.mark.postgres
def test_postgresql_gives_the_same_sentences_and_sheets(postgres_real):
    app, real = postgres_real
    with app.test_request_context():
        paragraphs = generated_paragraphs(exports.session_materials(real.session))
        workbook, _name = exports.build(real.session, bundle.WORKBOOK)
    assert plain(paragraphs["survey"]) == SURVEY_SENTENCES
    assert plain(paragraphs["voting"]) == VOTING_SENTENCES
    book = load_workbook(io.BytesIO(workbook))
    assert book["Голоса"].max_row == 10 and book["Опрос"].max_row == 12
    assert HIDDEN_COMMENT not in [c.value for c in book["Комментарии"]["D"]]
