"""A stored session gathered into the records the builders read."""

from __future__ import annotations

from facilitator.engagement import comments, voting
from facilitator.engagement import mic as open_mic
from facilitator.extensions import db
from facilitator.materials import sources_engagement, sources_survey
from facilitator.materials.gather import Sources, gather, realtime_snapshot
from facilitator.sessions.default_template import default_sections
from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import Phase
from facilitator.survey import services as survey_services
from tests.materials.conftest import empty_sources
from tests.materials.real_session import answers, co_edit, move, table, text
from tests.queries import statements


def _busy_session(make_session, make_participant, moderator, groups: int) -> DesignSession:
    """A session in its survey: members, a model in each group but the last, comments, dots."""
    session = make_session(groups=groups)
    people = [
        # Named in the reverse of the order they joined: members are listed by name.
        [
            make_participant(session, group, full_name=f"Участник {group.position}-{3 - n}")
            for n in range(3)
        ]
        for group in session.groups
    ]
    move(session, Phase.group_work)
    for group, members in zip(session.groups[:-1], people, strict=False):
        changes = {"idea": text(f"Идея {group.name}"), "interaction_lines": table({"who": "я"})}
        co_edit(group, members[0], changes)
    move(session, Phase.presentations)
    move(session, Phase.open_mic)
    hand = open_mic.raise_hand(people[0][1], session.groups[0].id)
    open_mic.give_floor(session, moderator)
    open_mic.finish(session, moderator, hand.id)
    for index, group in enumerate(session.groups):
        others = people[index - 1]
        shown = comments.add(others[0], group.id, f"Вопрос к модели {index + 1}")
        hidden = comments.add(others[1], group.id, "Реклама")
        comments.set_hidden(session, hidden.id, True, moderator)
        comments.set_upvote(others[2], shown.id, True)
    move(session, Phase.voting)
    for index, group in enumerate(session.groups):
        voting.set_dots(people[index - 1][0], group.id, 1)
    move(session, Phase.survey)
    survey = survey_services.ensure_survey(session)
    for members in people:
        given = answers(
            survey,
            interesting_useful="yes",
            format="5",
            practical_value="4",
            new_ideas="no",
            wishes="Спасибо",
        )
        survey_services.submit(session, members[0], given)
    return session


def test_gather_reads_the_session_agenda_groups_and_participants(demo_session):
    materials = gather(demo_session.session, demo_session.sources)
    session = materials.session
    assert session.title.startswith("Модели взаимодействия школы")
    assert session.co_organisers == ("ГБУ ДО ЦППМСП Московского района Санкт-Петербурга",)
    assert len(session.logos) == 2 and session.logos[0].mimetype == "image/png"
    assert [a.kind for a in materials.agenda][:2] == ["opening", "talk"]
    assert len(materials.participants) == 23
    assert materials.participants[0].group_name == "Группа 1"
    group = materials.groups[0]
    assert group.leader is not None and group.leader.full_name == "Участник 01"
    assert [s.key for s in group.sections] == [s["key"] for s in default_sections("ru")]
    assert group.model_title == "От идеи к профессиональному проекту"
    assert materials.group_votes(group.id) == 7
    assert len(materials.survey.responses) == 11


def test_table_cells_from_javascript_floats_become_whole_numbers(demo_session):
    snapshot = {
        "sections": {
            "criteria": {
                "kind": "table",
                "rows": [
                    {"indicator": "Доля учащихся", "target": 60.0, "extra": "ignored"},
                    {"indicator": "Партнёры", "target": 2.5},
                ],
            }
        }
    }
    sources = Sources(snapshot=lambda group: snapshot)
    criteria = gather(demo_session.session, sources).groups[0].section("criteria")
    assert [dict(r) for r in criteria.rows] == [
        {"indicator": "Доля учащихся", "target": "60"},
        {"indicator": "Партнёры", "target": "2.5"},
    ]


def test_a_group_without_a_snapshot_has_every_section_empty(demo_session):
    materials = gather(demo_session.session, empty_sources())
    group = materials.groups[0]
    assert len(group.sections) == 16
    assert not group.has_model
    assert materials.votes == () and materials.comments == ()
    assert materials.survey.responses == ()


def test_control_characters_in_stored_text_are_removed(demo_session):
    session = demo_session.session
    session.participants[0].full_name = "Иван\x00ов"
    snapshot = {"sections": {"idea": {"kind": "text", "text": "Идея\x0b с\x1f мусором"}}}
    materials = gather(session, Sources(snapshot=lambda group: snapshot))
    assert materials.participants[0].full_name == "Иванов"
    assert materials.groups[0].section("idea").text == "Идея с мусором"


def test_by_default_votes_comments_and_survey_come_from_their_features(demo_session):
    sources = Sources()
    assert sources.votes is sources_engagement.votes
    assert sources.voting is sources_engagement.voting_results
    assert sources.comments is sources_engagement.visible_comments
    assert sources.speakers is sources_engagement.speakers
    assert sources.survey is sources_survey.survey_results
    # Nobody voted, commented or answered in the stored session: every part is empty.
    materials = gather(demo_session.session, Sources(snapshot=lambda group: None))
    assert materials.votes == () and materials.comments == () and materials.speakers == ()
    assert materials.voting.rows == ()
    assert materials.survey.questions == () and materials.survey.responses == ()


def test_the_realtime_service_snapshot_is_used_when_present(demo_session):
    group = demo_session.session.groups[0]
    snapshot = realtime_snapshot(group)
    assert snapshot is None or "sections" in snapshot
    materials = gather(demo_session.session)
    assert len(materials.groups[0].sections) == 16


def test_gathering_reads_the_database_a_fixed_number_of_times_however_many_groups(
    make_session, make_participant, moderator
):
    counts = []
    for groups in (2, 6):
        session_id = _busy_session(make_session, make_participant, moderator, groups).id
        # Nothing is loaded before: every group's members, model and comments are read here.
        db.session.expire_all()
        session = db.session.get(DesignSession, session_id)
        with statements() as seen:
            materials = gather(session)
        assert len(materials.groups) == groups
        first, last = materials.groups[0], materials.groups[-1]
        assert first.section("idea").text == "Идея Группа 1"
        assert first.section("interaction_lines").rows[0]["who"] == "я"
        assert not last.has_model
        assert [m.full_name for m in first.members] == [
            "Участник 0-1",
            "Участник 0-2",
            "Участник 0-3",
        ]
        assert len(materials.comments) == len(materials.votes) == groups
        assert len(materials.speakers) == 1 and len(materials.survey.responses) == groups
        counts.append(len(seen))
    assert counts[0] == counts[1]


def test_snapshots_read_at_once_are_those_read_group_by_group(
    make_session, make_participant, moderator
):
    session = _busy_session(make_session, make_participant, moderator, 3)
    at_once = gather(session)
    assert at_once == gather(session, Sources(snapshot=realtime_snapshot))
    assert [g.has_model for g in at_once.groups] == [True, True, False]
