"""The demo session behind `facilitator demo`, modelled on the post-release of 27 March 2023.

The session, the five models and the cities and districts come from that document (seed 000);
the speakers, their talks and the participants are invented.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.joining.identity import new_device_id
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.model_templates import give_session_template
from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import AgendaKind, Phase, SessionKind

log = logging.getLogger(__name__)

DEMO_EMAIL = "demo@facilitator.local"
DEMO_MODERATOR_NAME = "Модератор демонстрационной сессии"
DEMO_TITLE = (
    "Модели взаимодействия образовательного учреждения с социальными партнерами с целью "
    "эффективного профессионального самоопределения учащихся"
)
SCHOOL = "ГБОУ СОШ №496 Московского района Санкт-Петербурга"
CENTRE = "ГБУ ДО ЦППМСП Московского района Санкт-Петербурга"
GROUP_CAPACITY = 16

SESSION_FIELDS = {
    "title": DEMO_TITLE,
    "kind": SessionKind.design_session,
    "theme": (
        "Презентация апробированных моделей взаимодействия школы с социальными партнерами "
        "с целью эффективного профессионального самоопределения учащихся и детальная "
        "проработка этих моделей участниками совместно с социальными партнерами школы для "
        "дальнейшего использования в собственной образовательной практике."
    ),
    "date": dt.date(2023, 3, 27),
    "starts_at": dt.time(11, 0),
    "ends_at": dt.time(14, 0),
    "venue": SCHOOL,
    "host_organisation": SCHOOL,
    "co_organisers": CENTRE,
    "framing_event": "XIII Петербургский международный образовательный форум",
    "language": "ru",
    "contact_name": "Орлова Светлана Викторовна, заместитель директора по УВР",
    "contact_phone": "+7 (812) 555-04-96",
}

#: The five models of the post-release, one creative group each: name, topic, description
GROUPS = [
    (
        "От идеи к профессиональному проекту",
        "Сопровождение проектной деятельности обучающихся, развитие системы наставничества "
        "и навыков нетворкинга",
        "Как школа вместе с социальными партнерами ведет ученика от замысла до "
        "профессионального проекта: наставники из профессии, проектная деятельность, "
        "навыки нетворкинга.",
    ),
    (
        "Интеграция образовательных возможностей – профессиональный результат",
        "Проектирование и реализация программ внеурочной деятельности и дополнительного "
        "образования",
        "Как объединить урочную, внеурочную деятельность и дополнительное образование "
        "с ресурсами партнеров, чтобы ученик получил профессионально значимый результат.",
    ),
    (
        "Социальная ответственность – успех в любой профессии",
        "Планирование воспитательной работы в школе как средства социального самоопределения детей",
        "Как воспитательная работа школы и социальные практики с партнерами помогают "
        "ребенку социально и профессионально самоопределиться.",
    ),
    (
        "От профориентационной диагностики к профессиональному самоопределению",
        "Построение индивидуальных профориентационных маршрутов детей с учетом результатов "
        "диагностики",
        "Как по результатам профориентационной диагностики построить индивидуальный маршрут "
        "ученика и какие партнеры нужны на каждом его шаге.",
    ),
    (
        "Сетевое взаимодействие",
        "Сетевое взаимодействие между образовательной организацией и учреждением "
        "дополнительного образования, на примере ГБУ ДО ЦППМСП Московского района",
        "Как школа и центр психолого-педагогической, медицинской и социальной помощи "
        "строят общую сеть сопровождения профессионального самоопределения учащихся.",
    ),
]

#: start, minutes, kind, title, speaker, credentials (speakers are invented)
AGENDA = [
    (
        dt.time(11, 0),
        10,
        AgendaKind.opening,
        "Открытие дизайн-сессии. Приветственное слово",
        "Воронцова Ирина Павловна",
        f"директор {SCHOOL}",
    ),
    (
        dt.time(11, 10),
        20,
        AgendaKind.talk,
        "Модели взаимодействия школы с социальными партнерами: опыт апробации",
        "Лебедев Андрей Николаевич",
        f"к.п.н., заместитель директора по учебно-воспитательной работе {SCHOOL}",
    ),
    (
        dt.time(11, 30),
        15,
        AgendaKind.talk,
        "Сетевое сопровождение профессионального самоопределения: ресурсы ЦППМСП",
        "Гончарова Марина Сергеевна",
        f"педагог-психолог, методист {CENTRE}",
    ),
    (
        dt.time(11, 45),
        75,
        AgendaKind.group_work,
        "Работа в творческих группах: детальная проработка моделей взаимодействия",
        "",
        "",
    ),
    (
        dt.time(13, 0),
        30,
        AgendaKind.presentations,
        "Публичная презентация результатов работы творческих групп",
        "",
        "",
    ),
    (dt.time(13, 30), 20, AgendaKind.open_mic, "Открытый микрофон", "", ""),
    (
        dt.time(13, 50),
        10,
        AgendaKind.survey,
        "Онлайн-опрос участников. Подведение итогов",
        "",
        "",
    ),
]

#: Invented participants from the cities and districts the post-release names
PARTICIPANTS = [
    ("Смирнова Анна Викторовна", "МБОУ «Гимназия № 7» г. Казани", "учитель", "г. Казань"),
    (
        "Хабибуллин Рустем Ильдарович",
        "МБОУ «Лицей № 3» г. Казани",
        "заместитель директора",
        "г. Казань",
    ),
    ("Петрова Ольга Андреевна", "МБОУ «СОШ № 10» г. Выборга", "педагог-психолог", "г. Выборг"),
    (
        "Кузнецов Дмитрий Олегович",
        "ГБОУ СОШ № 232 Адмиралтейского района",
        "учитель технологии",
        "Адмиралтейский район",
    ),
    (
        "Васильева Елена Игоревна",
        "ГБОУ гимназия № 107 Выборгского района",
        "социальный педагог",
        "Выборгский район",
    ),
    (
        "Николаева Татьяна Сергеевна",
        "ГБОУ СОШ № 140 Красногвардейского района",
        "заместитель директора по ВР",
        "Красногвардейский район",
    ),
    (
        "Морозов Алексей Викторович",
        "ГБОУ лицей № 395 Красносельского района",
        "учитель информатики",
        "Красносельский район",
    ),
    ("Соколова Наталья Павловна", SCHOOL, "классный руководитель", "Московский район"),
    (
        "Федорова Ирина Александровна",
        CENTRE,
        "педагог дополнительного образования",
        "Московский район",
    ),
    (
        "Иванов Сергей Михайлович",
        "ГБОУ СОШ № 328 Невского района",
        "учитель физики",
        "Невский район",
    ),
    (
        "Попова Мария Дмитриевна",
        "ГБОУ гимназия № 70 Петроградского района",
        "педагог-организатор",
        "Петроградский район",
    ),
    (
        "Егорова Светлана Николаевна",
        "ГБОУ СОШ № 530 Пушкинского района",
        "тьютор",
        "Пушкинский район",
    ),
    (
        "Захаров Павел Геннадьевич",
        "ГБОУ СОШ № 416 Петродворцового района",
        "руководитель ШМО",
        "Петродворцовый район",
    ),
    (
        "Белова Юлия Вячеславовна",
        "ГБОУ СОШ № 312 Фрунзенского района",
        "учитель биологии",
        "Фрунзенский район",
    ),
    (
        "Григорьев Игорь Петрович",
        "АО «Электросила» (социальный партнер)",
        "специалист по работе с молодежью",
        "Московский район",
    ),
]


@dataclass(frozen=True)
class DemoResult:
    """The demo session and the moderator login to run it (the password only when just set)."""

    session: DesignSession
    email: str
    password: str | None


def _demo_moderator(reset_password: bool) -> tuple[Moderator, str | None]:
    """The demo moderator, and the password when it was just set (created or reset)."""
    moderator = db.session.scalar(sa.select(Moderator).filter_by(email=DEMO_EMAIL))
    if moderator is None:
        moderator = Moderator(email=DEMO_EMAIL, full_name=DEMO_MODERATOR_NAME, locale="ru")
        db.session.add(moderator)
    elif not reset_password:
        return moderator, None
    password = secrets.token_urlsafe(9)
    moderator.set_password(password)
    return moderator, password


def new_session(moderator: Moderator, phase: Phase, **changes: Any) -> DesignSession:
    """A session with the demo's title and texts, fresh codes, in this phase; not stored yet."""
    return DesignSession(
        owner=moderator,
        join_code=new_join_code(),
        projector_token=new_projector_token(),
        phase=phase,
        **(SESSION_FIELDS | changes),
    )


def _build_session(moderator: Moderator) -> DesignSession:
    session = new_session(moderator, Phase.lobby)
    for position, (starts_at, minutes, kind, title, speaker, credentials) in enumerate(AGENDA):
        session.agenda.append(
            AgendaItem(
                position=position,
                starts_at=starts_at,
                duration_minutes=minutes,
                kind=kind,
                title=title,
                speaker=speaker,
                speaker_credentials=credentials,
            )
        )
    for position, (name, topic, description) in enumerate(GROUPS):
        session.groups.append(
            CreativeGroup(
                position=position,
                name=name,
                model_topic=topic,
                description=description,
                capacity=GROUP_CAPACITY,
            )
        )
    give_session_template(session)
    now = dt.datetime.now(dt.UTC)
    for index, (full_name, organisation, position, city) in enumerate(PARTICIPANTS):
        group = session.groups[index % len(session.groups)]
        session.participants.append(
            Participant(
                group=group,
                device_id=new_device_id(),
                full_name=full_name,
                organisation=organisation,
                position=position,
                city=city,
                email=f"demo.participant{index + 1}@example.org" if index % 3 else None,
                consented_at=now,
                # The first person placed in each group leads it.
                is_leader=index < len(session.groups),
                joined_at=now + dt.timedelta(seconds=index),
            )
        )
    db.session.add(session)
    return session


def create_demo(reset_password: bool = False) -> DemoResult:
    """Create the demo session (or reuse it); the moderator keeps a password set before."""
    moderator, password = _demo_moderator(reset_password)
    db.session.flush()
    session = db.session.scalar(
        sa.select(DesignSession)
        .filter_by(owner_id=moderator.id, title=DEMO_TITLE)
        .order_by(DesignSession.id)
        .limit(1)
    )
    if session is None:
        session = _build_session(moderator)
        log.info("Demo session created")
    elif not session.phase.accepts_participants:
        # A demo left closed by the last run would greet people with «the session has ended».
        session.phase = Phase.lobby
        log.info("Demo session %s reopened for registration", session.id)
    db.session.commit()
    log.info("Demo session %s ready for moderator %s", session.id, DEMO_EMAIL)
    return DemoResult(session=session, email=DEMO_EMAIL, password=password)
