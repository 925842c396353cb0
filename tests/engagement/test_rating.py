"""Rating models on criteria: scores from 1 to 5, averages per model and criterion, ties."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.engagement import common, rating, voting
from facilitator.engagement.errors import InvalidInput, NotAllowed, NotFound, WrongPhase
from facilitator.engagement.models import ModelRating, VotingMode
from facilitator.extensions import db
from tests.engagement.conftest import configure


@pytest.fixture
def rating_session(make_session, moderator):
    session = make_session(groups=3, phase="voting")
    configure(session, moderator, voting_mode=VotingMode.rating)
    return session


def criteria_ids(session) -> list[int]:
    return [c.id for c in common.criteria_of(session)]


def stored_scores() -> int:
    return db.session.scalar(sa.select(sa.func.count(ModelRating.id)))


def test_default_criteria_are_practical_value_and_novelty(rating_session):
    assert [c.title for c in common.criteria_of(rating_session)] == [
        "Практическая значимость",
        "Новизна",
    ]


def test_averages_per_model_and_criterion_rank_the_models(rating_session, make_voter):
    practical, novelty = criteria_ids(rating_session)
    a, b, _c = rating_session.groups
    for scores in (
        {a: (5, 4), b: (3, 3)},
        {a: (4, 4), b: (4, 2)},
        {a: (3, 5)},
    ):
        voter = make_voter(rating_session)
        for group, (p, n) in scores.items():
            rating.rate(voter, group.id, {practical: p, novelty: n})

    rows = rating.results(rating_session)
    assert [(r.group.name, r.place_label) for r in rows] == [
        ("Группа 1", "1"),
        ("Группа 2", "2"),
        ("Группа 3", "3"),
    ]
    first, second, third = rows
    assert first.averages == {practical: 4.0, novelty: pytest.approx(13 / 3)}
    assert first.overall == pytest.approx(4.17)
    assert first.raters == 3
    assert second.averages == {practical: 3.5, novelty: 2.5}
    assert (second.overall, second.raters) == (3.0, 2)
    assert (third.overall, third.raters, third.averages) == (
        None,
        0,
        {practical: None, novelty: None},
    )


def test_equal_averages_share_a_place(rating_session, make_voter):
    practical, novelty = criteria_ids(rating_session)
    a, b, c = rating_session.groups
    voter = make_voter(rating_session)
    rating.rate(voter, a.id, {practical: 4, novelty: 2})
    rating.rate(voter, b.id, {practical: 3, novelty: 3})
    rating.rate(voter, c.id, {practical: 5, novelty: 5})
    rows = rating.results(rating_session)
    assert [(r.group.name, r.place_label, r.tied) for r in rows] == [
        ("Группа 3", "1", False),
        ("Группа 1", "2–3", True),
        ("Группа 2", "2–3", True),
    ]


def test_voting_results_follow_the_rating_mode(rating_session, make_voter):
    practical, _ = criteria_ids(rating_session)
    rating.rate(make_voter(rating_session), rating_session.groups[1].id, {practical: 5})
    rows = voting.results(rating_session)
    assert rows.mode == VotingMode.rating
    assert (rows[0].group.name, rows[0].average) == ("Группа 2", 5.0)
    assert (rows.voters, rows.votes_cast) == (1, 1)


def test_turnout_follows_the_rating_mode(rating_session, make_voter):
    practical, novelty = criteria_ids(rating_session)
    rating.rate(make_voter(rating_session), rating_session.groups[1].id, {practical: 5, novelty: 4})
    rating.rate(make_voter(rating_session), rating_session.groups[2].id, {practical: 3})
    turnout = voting.turnout(rating_session)
    assert turnout == voting.Turnout(VotingMode.rating, voters=2, votes_cast=3)
    assert (turnout.voters, turnout.votes_cast) == (
        voting.results(rating_session).voters,
        voting.results(rating_session).votes_cast,
    )


def test_a_score_can_change_and_one_criterion_can_be_left_out(rating_session, make_voter):
    practical, novelty = criteria_ids(rating_session)
    voter = make_voter(rating_session)
    group = rating_session.groups[0]
    rating.rate(voter, group.id, {practical: 2, novelty: 3})
    rating.rate(voter, group.id, {practical: 5, novelty: ""})
    assert rating.scores_of(voter) == {(group.id, practical): 5, (group.id, novelty): 3}
    assert stored_scores() == 2


@pytest.mark.parametrize("score", [0, 6, -1, "5.5", "пять"])
def test_a_score_outside_one_to_five_is_refused_next_to_its_criterion(
    rating_session, make_voter, score
):
    practical, novelty = criteria_ids(rating_session)
    voter = make_voter(rating_session)
    with pytest.raises(InvalidInput, match="Выберите оценку от 1 до 5") as refused:
        rating.rate(voter, rating_session.groups[0].id, {practical: 4, novelty: score})
    assert refused.value.field == novelty
    assert stored_scores() == 0  # the valid score of the same request is not kept either


def test_no_score_at_all_is_refused(rating_session, make_voter):
    practical, _ = criteria_ids(rating_session)
    with pytest.raises(InvalidInput, match="хотя бы по одному критерию"):
        rating.rate(make_voter(rating_session), rating_session.groups[0].id, {practical: ""})


def test_a_criterion_of_another_session_is_refused(
    rating_session, make_session, moderator, make_voter
):
    other = make_session(phase="voting")
    configure(other, moderator, voting_mode=VotingMode.rating)
    foreign = criteria_ids(other)[0]
    with pytest.raises(NotFound, match="Такого критерия нет"):
        rating.rate(make_voter(rating_session), rating_session.groups[0].id, {foreign: 4})
    assert stored_scores() == 0


def test_own_group_and_other_phases_are_refused(rating_session, make_voter):
    practical, _ = criteria_ids(rating_session)
    own = rating_session.groups[0]
    voter = make_voter(rating_session, own)
    with pytest.raises(NotAllowed):
        rating.rate(voter, own.id, {practical: 5})
    rating_session.phase = "closed"
    db.session.commit()
    with pytest.raises(WrongPhase):
        rating.rate(voter, rating_session.groups[1].id, {practical: 5})
    assert stored_scores() == 0


def test_renaming_criteria_keeps_the_scores_of_those_still_listed(
    rating_session, make_voter, moderator
):
    practical, novelty = criteria_ids(rating_session)
    voter = make_voter(rating_session)
    rating.rate(voter, rating_session.groups[0].id, {practical: 5, novelty: 1})
    configure(rating_session, moderator, criteria=["Новизна", "Реалистичность"])
    titles = [(c.id, c.title) for c in common.criteria_of(rating_session)]
    assert titles[0] == (novelty, "Новизна")
    assert titles[1][1] == "Реалистичность"
    assert rating.scores_of(voter) == {(rating_session.groups[0].id, novelty): 1}
