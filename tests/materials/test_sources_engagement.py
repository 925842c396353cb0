"""Votes, ratings, comments and speakers read from the engagement services into the documents."""

from __future__ import annotations

import dataclasses
import io

import pytest
from openpyxl import load_workbook

from facilitator.engagement import comments, common, rating, vote_settings, voting
from facilitator.engagement import mic as open_mic
from facilitator.engagement.models import VotingMode
from facilitator.extensions import db
from facilitator.materials import sources_engagement
from facilitator.materials.gather import Sources, gather
from facilitator.materials.group_materials import build_group_materials
from facilitator.materials.post_release import generated_paragraphs
from facilitator.materials.records import DOTS, RATING
from facilitator.materials.workbook import build_workbook
from facilitator.sessions.phases import Phase
from tests.materials.helpers import docx_text, plain


@pytest.fixture
def voting_session(make_session, make_participant):
    """A session in the voting phase: three groups with a titled model each, two people each."""
    session = make_session(groups=3, phase="voting")
    for index, group in enumerate(session.groups):
        group.model_topic = f"Модель {index + 1}"
        for _ in range(2):
            make_participant(session, group)
    db.session.commit()
    return session


def _materials(session):
    return gather(session, Sources(snapshot=lambda group: None))


def _set_mode(session, moderator, mode: VotingMode, criteria: list[str]) -> None:
    current = common.settings_for(session)
    vote_settings.update_settings(
        session,
        vote_settings.SettingsChange(
            voting_mode=mode,
            dots_per_participant=current.dots_per_participant,
            max_dots_per_model=current.max_dots_per_model,
            forbid_own_group=current.forbid_own_group,
            hide_results_until_closed=current.hide_results_until_closed,
            speaker_seconds=current.speaker_seconds,
            criteria=criteria,
        ),
        moderator,
    )


def test_nobody_voted_says_nothing_of_a_voting(voting_session, app):
    materials = _materials(voting_session)
    assert materials.votes == () and materials.voting.rows == ()
    paragraphs = generated_paragraphs(materials)
    assert paragraphs["voting"] == ""
    with app.test_request_context():
        text = docx_text(build_group_materials(materials))
    assert "Голосов нет" not in text and "Голосование" not in text


def test_dots_become_votes_with_places_and_a_tie_is_a_shared_first_place(voting_session, app):
    first, second, third = voting_session.groups
    people = voting_session.participants
    # Group 1 and group 2 get 3 dots each, group 3 gets 1: a tie for first place.
    voting.set_dots(people[2], first.id, 2)
    voting.set_dots(people[4], first.id, 1)
    voting.set_dots(people[0], second.id, 2)
    voting.set_dots(people[5], second.id, 1)
    voting.set_dots(people[1], third.id, 1)
    materials = _materials(voting_session)
    assert materials.voting.mode == DOTS
    assert sorted((v.group_id, v.voter, v.points) for v in materials.votes) == sorted(
        [
            (first.id, people[2].full_name, 2),
            (first.id, people[4].full_name, 1),
            (second.id, people[0].full_name, 2),
            (second.id, people[5].full_name, 1),
            (third.id, people[1].full_name, 1),
        ]
    )
    assert [(r.group_id, r.dots, r.place_label) for r in materials.voting.rows] == [
        (first.id, 3, "1–2"),
        (second.id, 3, "1–2"),
        (third.id, 1, "3"),
    ]
    assert materials.voting.voters == 5
    assert plain(generated_paragraphs(materials)["voting"]) == (
        "По итогам голосования первое место разделили модели «Модель 1» и «Модель 2» "
        "(по три голоса). Также голоса получили: «Модель 3» — один голос. "
        "Всего участники отдали семь голосов; в голосовании приняли участие пять человек."
    )
    with app.test_request_context():
        text = docx_text(build_group_materials(materials))
    # Worded as a person reports it, not «Место в голосовании: 1–2 (разделённое).»
    shared = "Модель получила три голоса и разделила первое место с ещё одной моделью."
    assert text.count(shared) == 2
    assert "Модель получила один голос и заняла третье место." in text
    assert "Место в голосовании" not in text
    english = dataclasses.replace(
        materials, session=dataclasses.replace(materials.session, language="en")
    )
    assert generated_paragraphs(english)["voting"].startswith(
        "In the voting, “Модель 1” and “Модель 2” shared first place (3 votes each)."
    )


def test_rating_gives_averages_per_criterion_in_every_file(voting_session, moderator, app):
    _set_mode(voting_session, moderator, VotingMode.rating, ["Практическая значимость", "Новизна"])
    criteria = {c.title: c.id for c in common.criteria_of(voting_session)}
    value, novelty = criteria["Практическая значимость"], criteria["Новизна"]
    first, second, _third = voting_session.groups
    people = voting_session.participants
    rating.rate(people[2], first.id, {value: 5, novelty: 4})
    rating.rate(people[4], first.id, {value: 5, novelty: 5})
    rating.rate(people[0], second.id, {value: 4, novelty: 3})
    materials = _materials(voting_session)
    assert materials.voting.mode == RATING
    assert materials.votes == ()
    top = materials.voting.rows[0]
    assert (top.group_id, top.average, top.raters, top.place_label) == (first.id, 4.75, 2, "1")
    assert dict(top.averages) == {"Практическая значимость": 5.0, "Новизна": 4.5}
    assert materials.voting.rows[2].average is None
    assert plain(generated_paragraphs(materials)["voting"]) == (
        "По итогам рейтингового голосования (модели оценивались от 1 до 5 по критериям "
        "«Практическая значимость» и «Новизна») наивысший средний балл получила модель "
        "«Модель 1» — 4,75. Средние баллы других моделей: «Модель 2» — 3,5. "
        "В голосовании приняли участие три человека."
    )
    with app.test_request_context():
        text = docx_text(build_group_materials(materials))
        book = load_workbook(io.BytesIO(build_workbook(materials)))
    assert "Средний балл: 4,75 из 5 (оценили 2 участника)." in text
    assert "Практическая значимость — 5" in text and "Новизна — 4,5" in text
    assert "Модель никто не оценил" not in text
    assert "По итогам голосования модель заняла первое место." in text
    sheet = book["Голоса"]
    assert [c.value for c in sheet[1]] == [
        "№",
        "Модель взаимодействия",
        "Творческая группа",
        "Проголосовал",
        "Практическая значимость",
        "Новизна",
        "Время",
    ]
    rows = sorted(sheet.iter_rows(min_row=2, values_only=True), key=lambda r: (r[1], r[4]))
    assert [r[1:3] + r[4:6] for r in rows] == [
        ("Модель 1", "Группа 1", 5, 4),
        ("Модель 1", "Группа 1", 5, 5),
        ("Модель 2", "Группа 2", 4, 3),
    ]
    groups = book["Группы"]
    assert groups["G1"].value == "Средний балл" and groups["G2"].value == 4.75
    summary = {row[0].value: row[1].value for row in book["Сводка"].iter_rows(min_row=2)}
    assert summary["Выставлено оценок"] == 6


def test_a_rating_nobody_gave_is_not_mentioned(voting_session, moderator):
    _set_mode(voting_session, moderator, VotingMode.rating, ["Новизна"])
    materials = _materials(voting_session)
    assert materials.voting.mode == RATING and materials.voting.criteria == ("Новизна",)
    assert generated_paragraphs(materials)["voting"] == ""


def test_hidden_comments_never_reach_the_documents(voting_session, moderator, app):
    first = voting_session.groups[0]
    people = voting_session.participants
    shown = comments.add(people[2], first.id, "Как измерить результат?")
    hidden = comments.add(people[3], first.id, "Оскорбительный текст")
    comments.set_hidden(voting_session, hidden.id, True, moderator)
    comments.set_upvote(people[4], shown.id, True)
    comments.set_upvote(people[5], shown.id, True)
    found = sources_engagement.visible_comments(voting_session)
    assert [(c.text, c.group_id, c.upvotes) for c in found] == [
        ("Как измерить результат?", first.id, 2)
    ]
    assert found[0].author == people[2].full_name
    assert found[0].created_at.tzinfo is not None
    with app.test_request_context():
        text = docx_text(build_group_materials(_materials(voting_session)))
    assert "Как измерить результат? (поддержали 2 участника)" in text
    assert "Оскорбительный текст" not in text


def test_open_microphone_speakers_are_listed_with_their_model(voting_session, moderator, app):
    voting_session.phase = Phase.open_mic
    db.session.commit()
    first = voting_session.groups[0]
    people = voting_session.participants
    spoke = open_mic.raise_hand(people[2], first.id)
    skipped = open_mic.raise_hand(people[3])
    open_mic.give_floor(voting_session, moderator, spoke.id)
    open_mic.finish(voting_session, moderator, spoke.id)
    open_mic.skip(voting_session, moderator, skipped.id)
    speakers = sources_engagement.speakers(voting_session)
    assert [(s.full_name, s.group_id) for s in speakers] == [(people[2].full_name, first.id)]
    materials = _materials(voting_session)
    assert "В ходе «открытого микрофона» выступил один участник." in plain(
        generated_paragraphs(materials)["flow"]
    )
    with app.test_request_context():
        text = docx_text(build_group_materials(materials))
    assert f"Выступили у открытого микрофона: {people[2].full_name} (ГБОУ СОШ № 496)" in text
