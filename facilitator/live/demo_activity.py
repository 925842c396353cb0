"""What a run of the demo session produces, written through the real services: the organisers'
logos, the groups' models, hands at the open microphone, dot votes and survey answers.

Used to show every phase of the projector with realistic content (scripts/projector_screenshots.py)
and by the projector's tests. Each step needs the session in its phase, as in a real run.
"""

from __future__ import annotations

import io
import logging

from PIL import Image, ImageDraw
from pycrdt import Array, Doc, Map, Text

from facilitator.accounts.models import Moderator
from facilitator.engagement import mic as open_mic
from facilitator.engagement import voting
from facilitator.extensions import db
from facilitator.realtime import documents, live_document
from facilitator.sessions import logos
from facilitator.sessions.models import DesignSession
from facilitator.survey import services

log = logging.getLogger(__name__)

#: Text of a model's sections, by template key; "{topic}" becomes the group's topic
MODEL_TEXT = {
    "title": "{topic}",
    "idea": (
        "Школа становится площадкой, где ученик вместе с наставниками от социальных партнёров "
        "проходит путь от интереса к профессиональной пробе и собственному проекту."
    ),
    "starting_context": (
        "Профориентационная работа ведётся эпизодически: экскурсии и классные часы не связаны "
        "между собой, партнёры приходят на разовые мероприятия, результаты не отслеживаются."
    ),
    "goals": (
        "Цель: осознанный выбор профиля обучения каждым выпускником 9 класса.\n"
        "Задачи: выстроить систему наставничества, включить партнёров в проектную деятельность, "
        "вести индивидуальные маршруты по итогам диагностики."
    ),
    "actors": (
        "Ученики 7–11 классов, классные руководители, педагог-психолог, родители, выпускники, "
        "наставники от предприятий и вузов, ЦППМСП Московского района."
    ),
    "knowledge_skills": (
        "Навыки нетворкинга, проектирования и самопрезентации; знание рынка труда района; "
        "умение соотносить свои интересы с требованиями профессий."
    ),
    "problem": (
        "Ученики выбирают профиль по совету знакомых, не попробовав себя в деле; "
        "партнёры не знают, чем могут быть полезны школе."
    ),
    "final_context": (
        "Каждый ученик с 7 класса ведёт портфолио проб и проектов; партнёры участвуют "
        "в учебном плане; выбор профиля опирается на опыт и данные диагностики."
    ),
}
TABLES = {
    "interaction_lines": [
        {
            "who": "Педагог",
            "with_whom": "Ученик",
            "format": "Наставничество в проекте",
            "regularity": "Еженедельно",
        },
        {
            "who": "Выпускник",
            "with_whom": "Ученик",
            "format": "Встреча «Моя профессия»",
            "regularity": "Раз в четверть",
        },
        {
            "who": "Родитель",
            "with_whom": "Родитель",
            "format": "Клуб профессий",
            "regularity": "Раз в месяц",
        },
    ],
    "stages": [
        {
            "period": "Сентябрь–октябрь",
            "stage": "Диагностика интересов",
            "results": "Индивидуальные маршруты учеников",
        },
        {
            "period": "Ноябрь–февраль",
            "stage": "Профессиональные пробы у партнёров",
            "results": "Портфолио проб, первые проектные идеи",
        },
        {
            "period": "Март–май",
            "stage": "Проекты с наставниками",
            "results": "Защита проектов, выбор профиля",
        },
    ],
}
#: How many of the sections above each group has filled by the end of group work
FILLED = (9, 7, 5, 8, 4)
#: Dots each participant puts, by their index, on the groups at these positions
VOTES = (
    (0, 3),
    (0, 3),
    (3, 0),
    (0, 1),
    (0, 4),
    (0, 2),
    (1, 3),
    (0, 3),
    (3, 1),
    (0, 1),
    (2, 0),
    (3, 0),
    (0, 4),
    (1, 0),
    (3, 2),
)
#: Brand colours of the two invented logos
LOGO_COLOURS = ((28, 86, 196), (230, 120, 30))


def logo_png(colour: tuple[int, int, int], kind: int) -> bytes:
    """A simple emblem drawn with Pillow, as an organiser's logo would be uploaded."""
    image = Image.new("RGBA", (360, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    if kind == 0:
        draw.ellipse((12, 12, 148, 148), fill=colour)
        draw.ellipse((52, 52, 108, 108), fill=(255, 255, 255))
    else:
        draw.polygon([(80, 8), (152, 150), (8, 150)], fill=colour)
        draw.rectangle((60, 95, 100, 150), fill=(255, 255, 255))
    for row in range(3):
        width = (180, 150, 120)[row]
        top = 34 + row * 36
        draw.rounded_rectangle((170, top, 170 + width, top + 20), radius=8, fill=(40, 48, 64))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def add_logos(session: DesignSession, moderator: Moderator) -> None:
    """Give the session two organisers' logos, unless it has some."""
    if session.logos:
        return
    for kind, colour in enumerate(LOGO_COLOURS):
        logos.add_logo(session, f"logo-{kind + 1}.png", logo_png(colour, kind), moderator)


def write_models(session: DesignSession) -> None:
    """Write each group's model as far as FILLED says, through the co-editing engine."""
    author = live_document.Author("moderator", session.owner_id)
    sections = {s.key: s for s in session.template.sections}
    keys = [k for k in (*MODEL_TEXT, *TABLES) if k in sections]
    for group, filled in zip(session.groups, FILLED, strict=False):
        doc = Doc()
        for key in keys[:filled]:
            if key in TABLES:
                rows = Array()
                doc[f"table:{key}"] = rows
                for number, row in enumerate(TABLES[key], 1):
                    cells = {c: Text(v) for c, v in row.items()}
                    rows.append(Map({"id": f"{key}-{number}", **cells}))
            else:
                text = MODEL_TEXT[key].format(topic=group.model_topic or group.name)
                doc[f"text:{key}"] = Text(text)
        documents.append_update(group, doc.get_update(), author)
    log.info("Demo models written for session %s", session.id)


def raise_hands(session: DesignSession, moderator: Moderator, hands: int = 4) -> None:
    """Raise a few hands at the open microphone and give the floor to the first."""
    for participant in session.participants[:hands]:
        if open_mic.active_hand(participant) is None:
            open_mic.raise_hand(participant)
    if open_mic.queue(session).speaker is None:
        open_mic.give_floor(session, moderator)


def cast_votes(session: DesignSession) -> None:
    """Every participant places dots on two other groups' models."""
    groups = session.groups
    for participant, picks in zip(session.participants, VOTES, strict=False):
        for position in picks:
            group = groups[position % len(groups)]
            if group.id == participant.group_id:
                continue
            voting.set_dots(participant, group.id, 1)


def answer_survey(session: DesignSession, share: float = 0.8) -> None:
    """Most participants answer the default survey, most of them well pleased."""
    survey = services.ensure_survey(session)
    people = session.participants[: max(1, round(len(session.participants) * share))]
    for index, participant in enumerate(people):
        answers: dict[int, object] = {}
        for question in survey.questions:
            kind = question.kind.value
            if kind == "yes_no":
                answers[question.id] = "yes" if index % 7 else "no"
            elif kind == "scale":
                top = question.scale_max or 5
                answers[question.id] = str(top - (index % 4 == 3) - (index % 9 == 8))
            elif kind == "text" and index % 3 == 0:
                answers[question.id] = "Больше времени на работу в группах."
        services.submit(session, participant, answers)
    db.session.commit()
