"""A tour of the projector's screens on the demo session: each stop puts the session where a real
run would be, with the content that screen shows (scripts/projector_screenshots.py, tests)."""

from __future__ import annotations

import datetime as dt

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.live import demo, demo_activity, phase_control, reveal
from facilitator.sessions.models import CreativeGroup, DesignSession
from facilitator.sessions.phases import AgendaKind, Phase

#: The stops, in the order of a session; "reveal" is the voting results revealed
STOPS = (
    "draft",
    "lobby",
    "talks",
    "group_work",
    "presentations",
    "open_mic",
    "voting",
    "reveal",
    "survey",
    "closed",
)


def draft_session(moderator: Moderator) -> DesignSession:
    """A copy of the demo session not started yet (the demo itself has people in it)."""
    session = demo.new_session(moderator, Phase.draft, date=dt.date.today())
    db.session.add(session)
    db.session.commit()
    return session


#: The longest texts a real session brings, each near its column's limit (titles from seed 000)
LONG_TITLE = (
    "Модели взаимодействия образовательного учреждения с социальными партнерами с целью "
    "эффективного профессионального самоопределения учащихся: презентация апробированных "
    "моделей и их детальная проработка участниками совместно с партнерами школы "
    "для использования в собственной практике"
)
LONG_TALK = (
    "Сетевое сопровождение профессионального самоопределения обучающихся: ресурсы центра "
    "психолого-педагогической, медицинской и социальной помощи, опыт межведомственного "
    "взаимодействия и перспективы развития"
)
LONG_SPEAKER = "Константинопольская-Старооскольская Александра Вячеславовна"
LONG_CREDENTIALS = (
    "кандидат педагогических наук, доцент, заместитель директора по учебно-воспитательной "
    "работе Государственного бюджетного общеобразовательного учреждения средней "
    "общеобразовательной школы №496 с углублённым изучением предметов "
    "естественно-научного цикла Московского района Санкт-Петербурга, почётный работник "
    "воспитания и просвещения Российской Федерации"
)
LONG_GROUP = (
    "Интеграция урочной, внеурочной деятельности и дополнительного образования "
    "с ресурсами социальных партнёров – профессионально значимый результат №{n}"
)
LONG_TOPIC = (
    "Проектирование и реализация программ внеурочной деятельности и дополнительного "
    "образования совместно с колледжами, вузами и предприятиями района: профессиональные "
    "пробы, наставничество, ученические фирмы и бизнес-инкубаторы"
)


def stretch(session: DesignSession, groups: int = 12) -> None:
    """Give the session the longest texts and this many groups, to try the screens' layout."""
    session.title = LONG_TITLE
    for item in session.agenda:
        if item.kind == AgendaKind.talk:
            item.title, item.speaker = LONG_TALK, LONG_SPEAKER
            item.speaker_credentials = LONG_CREDENTIALS
    for number in range(len(session.groups), groups):
        session.groups.append(CreativeGroup(position=number, capacity=16, name=""))
    for number, group in enumerate(session.groups, 1):
        group.name, group.model_topic = LONG_GROUP.format(n=number), LONG_TOPIC
    for participant in session.participants[:6]:
        participant.full_name = LONG_SPEAKER
    db.session.commit()


def _start(session: DesignSession, kind: AgendaKind, by: Moderator, nth: int = 0) -> None:
    items = [item for item in session.agenda if item.kind == kind]
    phase_control.start_item(session, items[min(nth, len(items) - 1)], by)


def visit(session: DesignSession, moderator: Moderator, stop: str, hands: int = 4) -> None:
    """Bring the demo session to this stop of the tour; stops are visited in STOPS order.

    `hands` is how many people ask for the open microphone, the first of them given it."""
    if stop == "draft":
        return
    if stop == "lobby":
        demo_activity.add_logos(session, moderator)
        if session.phase != Phase.lobby:
            phase_control.move_to_phase(session, Phase.lobby, moderator)
    elif stop == "talks":
        _start(session, AgendaKind.talk, moderator, nth=0)
    elif stop == "group_work":
        _start(session, AgendaKind.group_work, moderator)
        demo_activity.write_models(session)
    elif stop == "presentations":
        _start(session, AgendaKind.presentations, moderator)
        phase_control.present_group(session, moderator, group=session.groups[0])
    elif stop == "open_mic":
        _start(session, AgendaKind.open_mic, moderator)
        demo_activity.raise_hands(session, moderator, hands=hands)
    elif stop == "voting":
        phase_control.move_to_phase(session, Phase.voting, moderator)
        demo_activity.cast_votes(session)
    elif stop == "reveal":
        reveal.reveal(session, moderator)
    elif stop == "survey":
        _start(session, AgendaKind.survey, moderator)
        demo_activity.answer_survey(session)
    elif stop == "closed":
        phase_control.move_to_phase(session, Phase.closed, moderator)
    else:
        raise ValueError(f"no stop {stop!r} on the tour")
