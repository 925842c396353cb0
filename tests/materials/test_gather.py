"""A stored session gathered into the records the builders read."""

from __future__ import annotations

from facilitator.materials import sources_engagement, sources_survey
from facilitator.materials.gather import Sources, gather, realtime_snapshot
from facilitator.sessions.default_template import default_sections
from tests.materials.conftest import empty_sources


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
