"""A session run through the real services: co-editing, open microphone, comments, dots, survey.

The survey reproduces seed 000's figures: 11 of 11 found the event interesting and useful
(100 %), 10 of 11 gave the format the top mark (90,9 %), 9 of 11 the practical value
(81,8 %), 6 of 11 got new ideas (54,5 %).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from facilitator.accounts.models import Moderator
from facilitator.engagement import comments, voting
from facilitator.engagement import mic as open_mic
from facilitator.extensions import db
from facilitator.realtime import documents, service
from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.live_document import Author
from facilitator.realtime.permissions import PARTICIPANT
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import Phase
from facilitator.survey import services as survey_services
from facilitator.survey.models import Survey

TITLES = (
    "От идеи к профессиональному проекту",
    "Интеграция образовательных возможностей — профессиональный результат",
    "Социальная ответственность — успех в любой профессии",
)
IDEAS = (
    "Сопровождение проектной деятельности обучающихся и развитие наставничества. "
    "Выпускники помогают ученикам.",
    "Программы внеурочной деятельности и дополнительного образования.",
    "Воспитательная работа как средство социального самоопределения детей.",
)
VISIBLE_COMMENT = "Как привлечь выпускников к наставничеству?"
SECOND_COMMENT = "Предлагаем добавить профпробы на предприятиях района."
HIDDEN_COMMENT = "Реклама: купите наши курсы по ссылке!"
WISHES = ("Спасибо за мероприятие!", "Больше времени на работу в группах.")
#: (voter index, group index, dots): 7 dots for the first model, 5 for the second, 2 the third
DOTS = (
    (4, 0, 2),
    (5, 0, 2),
    (8, 0, 2),
    (9, 0, 1),
    (0, 1, 2),
    (1, 1, 1),
    (9, 1, 2),
    (2, 2, 1),
    (3, 2, 1),
)


@dataclass
class RealSession:
    """The session and the people in it, for assertions."""

    session: DesignSession
    groups: list[CreativeGroup]
    people: list[Participant]
    without_email: list[Participant] = field(default_factory=list)


def move(session: DesignSession, phase: Phase) -> None:
    """Move the session on as the moderator's panel does."""
    session.move_to(phase)
    db.session.commit()


def co_edit(group: CreativeGroup, author: Participant, changes: dict[str, Any]) -> None:
    """One member's edit as a browser makes it: a Yjs v1 update from the server's state."""
    state, _vector, _seq = documents.read_for_join(group, None)
    target = copy.deepcopy(service.document_snapshot(group))
    target["sections"].update(changes)
    update = ModelDocument(state).restore_update(target, documents.template_sections(group))
    committed = documents.append_update(group, update, Author(PARTICIPANT, author.id))
    assert committed.update is not None


def text(value: str) -> dict[str, Any]:
    """A text section as the snapshot holds it."""
    return {"kind": "text", "text": value}


def table(*rows: dict[str, str]) -> dict[str, Any]:
    """A table section as the snapshot holds it."""
    return {"kind": "table", "rows": [dict(row) for row in rows]}


def answers(survey: Survey, **by_key: Any) -> dict[int, Any]:
    """Answers by question id, as the participant's form sends them, from answers by key."""
    ids = {q.key: q.id for q in survey.questions}
    return {ids[key]: value for key, value in by_key.items()}


def build_real_session(
    make_session, make_participant, moderator: Moderator, *, survey_responses: int = 11
) -> RealSession:
    """A closed Russian design session with three groups of four, run through every service."""
    session = make_session(
        groups=3,
        kind="design_session",
        theme="Взаимодействие школы с социальными партнёрами в профориентации",
        host_organisation="ГБОУ СОШ №496 Московского района Санкт-Петербурга",
        contact_name="Кузьмин Дмитрий Александрович",
        contact_phone="241-37-98",
    )
    groups = list(session.groups)
    people = []
    for number in range(12):
        group = groups[number // 4]
        people.append(
            make_participant(
                session,
                group,
                full_name=f"Участникова Анна {number + 1:02d}",
                email="" if number in (10, 11) else f"p{number}@example.org",
                is_leader=number % 4 == 0,
            )
        )
    move(session, Phase.group_work)
    for index, group in enumerate(groups):
        members = people[index * 4 : index * 4 + 4]
        co_edit(group, members[0], {"title": text(TITLES[index]), "idea": text(IDEAS[index])})
        co_edit(
            group,
            members[1],
            {
                "interaction_lines": table(
                    {
                        "who": "педагог",
                        "with_whom": "ученик",
                        "format": "наставничество",
                        "regularity": "еженедельно",
                    },
                    {
                        "who": "выпускник",
                        "with_whom": "ученик",
                        "format": "встреча",
                        "regularity": "раз в четверть",
                    },
                ),
                "goals": text(f"Цель модели {index + 1}: осознанный выбор профессии."),
            },
        )
    move(session, Phase.presentations)
    move(session, Phase.open_mic)
    hand = open_mic.raise_hand(people[4], groups[0].id)
    open_mic.give_floor(session, moderator)
    open_mic.finish(session, moderator, hand.id)
    visible = comments.add(people[4], groups[0].id, VISIBLE_COMMENT)
    comments.add(people[0], groups[1].id, SECOND_COMMENT)
    hidden = comments.add(people[5], groups[0].id, HIDDEN_COMMENT)
    comments.set_hidden(session, hidden.id, True, moderator)
    comments.set_upvote(people[8], visible.id, True)
    move(session, Phase.voting)
    for voter, group, dots in DOTS:
        voting.set_dots(people[voter], groups[group].id, dots)
    move(session, Phase.survey)
    survey = survey_services.ensure_survey(session)
    for index in range(survey_responses):
        given = answers(
            survey,
            interesting_useful="yes",
            format="5" if index < 10 else "4",
            practical_value="5" if index < 9 else "4",
            new_ideas="yes" if index < 6 else "no",
            wishes=WISHES[index % 2] if index < 4 else "",
        )
        survey_services.submit(session, people[index], given)
    move(session, Phase.closed)
    return RealSession(session, groups, people, [people[10], people[11]])
