"""Sample session data like the seeds' design session of 27 March 2023, as plain records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from PIL import Image

from facilitator.materials.records import (
    CHOICE,
    SCALE,
    TEXT,
    YES_NO,
    AgendaEntry,
    Column,
    Comment,
    GroupRecord,
    Logo,
    Member,
    ParticipantRecord,
    SectionContent,
    SessionFacts,
    SessionMaterials,
    SurveyQuestion,
    SurveyResponse,
    SurveyResults,
    Vote,
)
from facilitator.sessions.default_template import default_sections

MODELS = [
    (
        "От идеи к профессиональному проекту",
        "Сопровождение проектной деятельности обучающихся, развитие системы наставничества "
        "и навыков нетворкинга. Второе предложение идеи.",
    ),
    (
        "Интеграция образовательных возможностей — профессиональный результат",
        "Проектирование и реализация программ внеурочной деятельности "
        "и дополнительного образования.",
    ),
    (
        "Социальная ответственность — успех в любой профессии",
        "Планирование воспитательной работы в школе "
        "как средства социального самоопределения детей.",
    ),
    (
        "От профориентационной диагностики к профессиональному самоопределению",
        "Построение индивидуальных профориентационных маршрутов детей с учётом результатов "
        "диагностики.",
    ),
    (
        "Сетевое взаимодействие школы и учреждения дополнительного образования",
        "Сетевое взаимодействие на примере ГБУ ДО ЦППМСП Московского района.",
    ),
]
PLACES = [
    "Казань",
    "г. Выборг",
    "Адмиралтейский район",
    "Выборгский район Санкт-Петербурга",
    "Красногвардейский район",
    "Красносельский район",
    "Московский район",
    "Невский район",
    "Петроградский район",
    "Пушкинский район",
    "Петродворцовый район",
    "Фрунзенский район",
]
ORGANISATIONS = [
    "ГБОУ СОШ № 496 Московского района",
    "ГБОУ СОШ №496 Московского района",
    "ГБОУ гимназия № 1",
    "МАОУ Лицей № 3",
    "ГБУ ДО ЦППМСП Московского района",
    "ГБОУ СОШ № 310",
    "ГБОУ СОШ № 20",
    "Колледж туризма",
    "ГБОУ СОШ № 5",
    "ИМЦ Московского района",
    "ГБОУ лицей № 384",
    "ГБОУ СОШ № 7",
]
NAMES = [
    "Иванова Анна Сергеевна",
    "Петров Илья Олегович",
    "Сидорова Мария Петровна",
    "Кузнецов Андрей Викторович",
    "Смирнова Ольга Ивановна",
    "Попов Дмитрий Сергеевич",
    "Васильева Елена Андреевна",
    "Соколов Павел Николаевич",
    "Михайлова Татьяна Юрьевна",
    "Новиков Артём Игоревич",
    "Фёдорова Ирина Владимировна",
]


def png_logo(color: str = "#1f5fbf", size: tuple[int, int] = (120, 60)) -> Logo:
    """A small PNG logo."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return Logo(buffer.getvalue(), "image/png", *size)


def sections_for(index: int, title: str, idea: str) -> tuple[SectionContent, ...]:
    """A full model in the default template's sections."""
    contents = []
    for spec in default_sections("ru"):
        columns = tuple(Column(c["key"], c["title"]) for c in spec["columns"])
        if spec["kind"] == "table":
            rows = tuple(
                {c.key: f"{c.title} {row + 1}, модель {index + 1}" for c in columns}
                for row in range(3)
            )
            contents.append(SectionContent(spec["key"], spec["title"], "table", columns, rows=rows))
        else:
            text = {"title": title, "idea": idea}.get(
                spec["key"], f"{spec['title']}: содержание раздела модели {index + 1}."
            )
            contents.append(SectionContent(spec["key"], spec["title"], "text", columns, text=text))
    return tuple(contents)


def survey_results(count: int = 11) -> SurveyResults:
    """Eleven answers: 100 % «yes», 10 of 11 top scores, 9 of 11 top scores, free text."""
    questions = (
        SurveyQuestion(
            "useful",
            "Было ли мероприятие интересно и полезно?",
            YES_NO,
            report_phrase="отметили, что мероприятие было интересно и полезно",
        ),
        SurveyQuestion(
            "form",
            "Оцените форму проведения",
            SCALE,
            5,
            report_phrase="поставили высший балл интересной форме проведения",
        ),
        SurveyQuestion(
            "practice",
            "Оцените практическую значимость приобретённых знаний",
            SCALE,
            5,
            report_phrase="оценили высокую практическую значимость приобретённых знаний",
        ),
        SurveyQuestion(
            "format", "Какой формат вам ближе?", CHOICE, options=("очный", "дистанционный")
        ),
        SurveyQuestion("wishes", "Ваши пожелания", TEXT),
    )
    responses = tuple(
        SurveyResponse(
            answers={
                "useful": "yes",
                "form": 5 if i < 10 else 4,
                "practice": "5" if i < 9 else "3",
                "format": "очный" if i < 8 else "дистанционный",
                "wishes": "Спасибо за мероприятие!" if i % 3 == 0 else "",
            },
            respondent=NAMES[i % len(NAMES)],
            submitted_at=dt.datetime(2023, 3, 27, 10, 30 + i, tzinfo=dt.UTC),
        )
        for i in range(count)
    )
    return SurveyResults(questions, responses)


def demo_materials(**session_fields) -> SessionMaterials:
    """A session like seed 000: five models, 22 participants, votes, comments and a survey."""
    session = SessionFacts(
        id=1,
        title="Модели взаимодействия образовательного учреждения с социальными партнёрами "
        "с целью эффективного профессионального самоопределения учащихся",
        kind="design_session",
        theme="Презентация апробированных моделей взаимодействия школы с социальными партнёрами "
        "с целью эффективного профессионального самоопределения учащихся",
        date=dt.date(2023, 3, 27),
        starts_at=dt.time(11, 0),
        ends_at=dt.time(14, 0),
        venue="ул. Победы, д. 4, актовый зал",
        host_organisation="ГБОУ СОШ №496 Московского района Санкт-Петербурга",
        co_organisers=("ГБУ ДО ЦППМСП Московского района Санкт-Петербурга",),
        framing_event="XIII Петербургский международный образовательный форум",
        language="ru",
        contact_name="Кузьмин Дмитрий Александрович",
        contact_phone="241-37-98",
        join_code="496496",
        phase="closed",
        logos=(png_logo(), png_logo("#c0392b", (80, 80))),
    )
    session = dataclasses.replace(session, **session_fields)
    groups = []
    participants = []
    for index, (title, idea) in enumerate(MODELS):
        members = []
        for m in range(4 if index < 2 else 5):
            number = len(participants)
            name = f"{NAMES[number % len(NAMES)].split()[0]} {number + 1}"
            member = Member(
                name,
                "учитель",
                ORGANISATIONS[number % len(ORGANISATIONS)],
                PLACES[number % len(PLACES)],
                is_leader=m == 0,
            )
            members.append(member)
            participants.append(
                ParticipantRecord(
                    id=number + 1,
                    full_name=name,
                    organisation=member.organisation,
                    position="учитель",
                    city=member.city,
                    email=f"p{number}@example.org",
                    group_id=index + 1,
                    group_name=f"Группа {index + 1}",
                    is_leader=m == 0,
                    joined_at=dt.datetime(2023, 3, 27, 7, 50, tzinfo=dt.UTC),
                )
            )
        groups.append(
            GroupRecord(
                id=index + 1,
                position=index,
                name=f"Группа {index + 1}",
                topic=title,
                members=tuple(sorted(members, key=lambda m: m.full_name)),
                sections=sections_for(index, title, idea),
            )
        )
    votes = tuple(
        Vote(
            group_id=g,
            voter=f"voter-{g}-{n}",
            cast_at=dt.datetime(2023, 3, 27, 10, 0, tzinfo=dt.UTC),
        )
        for g, count in ((1, 7), (2, 5), (3, 5), (4, 2))
        for n in range(count)
    )
    comments = (
        Comment("Как привлечь выпускников к наставничеству?", "Иванова А. С.", 1),
        Comment("Предлагаем добавить профпробы на предприятиях района.", "Петров И. О.", 1),
        Comment("Спасибо всем группам!", "Сидорова М. П.", None),
    )
    agenda = (
        AgendaEntry(
            dt.time(11, 0),
            10,
            "opening",
            "Открытие",
            "Лужецкая Ирина Геннадьевна",
            "директор ИМЦ Московского района",
        ),
        AgendaEntry(
            dt.time(11, 10),
            20,
            "talk",
            "Управление проектами в школе",
            "Кравцов Алексей Олегович",
            "к.п.н., доцент РГПУ им. А.И. Герцена",
        ),
        AgendaEntry(dt.time(11, 30), 60, "group_work", "Работа в творческих группах"),
        AgendaEntry(dt.time(12, 30), 40, "presentations", "Презентация моделей"),
        AgendaEntry(dt.time(13, 10), 20, "open_mic", "Открытый микрофон"),
        AgendaEntry(dt.time(13, 30), 10, "voting", "Голосование"),
        AgendaEntry(dt.time(13, 40), 10, "survey", "Анкета"),
    )
    return SessionMaterials(
        session=session,
        agenda=agenda,
        participants=tuple(participants),
        groups=tuple(groups),
        votes=votes,
        comments=comments,
        survey=survey_results(),
    )
