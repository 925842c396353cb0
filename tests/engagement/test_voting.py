"""Dot voting: the budget, the cap per model, the own-group rule, phases, results and ties."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from facilitator.engagement import voting
from facilitator.engagement.errors import InvalidInput, NotAllowed, NotFound, WrongPhase
from facilitator.engagement.models import DotVote, VotingMode
from facilitator.extensions import db
from tests.engagement.conftest import configure
from tests.queries import statements


def total_dots(participant) -> int:
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(DotVote.dots), 0)).where(
            DotVote.participant_id == participant.id
        )
    )


@pytest.fixture
def voting_session(make_session):
    return make_session(groups=4, phase="voting")


def test_dots_go_on_models_and_move_until_the_budget_is_used(voting_session, make_voter):
    voter = make_voter(voting_session)
    a, b, c, _d = voting_session.groups

    voting.set_dots(voter, a.id, 2)
    ballot = voting.set_dots(voter, b.id, 1)
    assert ballot.by_group == {a.id: 2, b.id: 1}
    assert (ballot.used, ballot.left) == (3, 0)

    with pytest.raises(InvalidInput) as refused:
        voting.set_dots(voter, c.id, 1)
    assert refused.value.field == c.id
    assert "Все ваши 3 голоса уже отданы" in refused.value.message

    voting.set_dots(voter, a.id, 1)  # take one back, then it fits
    ballot = voting.set_dots(voter, c.id, 1)
    assert ballot.by_group == {a.id: 1, b.id: 1, c.id: 1}
    voting.set_dots(voter, b.id, 0)
    assert voting.ballot_of(voter).by_group == {a.id: 1, c.id: 1}


def test_asking_for_more_dots_than_are_left_says_how_many_remain(voting_session, make_voter):
    voter = make_voter(voting_session)
    a, b, *_ = voting_session.groups
    voting.set_dots(voter, a.id, 2)
    with pytest.raises(InvalidInput, match="остался только 1 голос"):
        voting.set_dots(voter, b.id, 2)
    assert total_dots(voter) == 2


def test_the_cap_per_model_is_enforced(voting_session, make_voter):
    voter = make_voter(voting_session)
    with pytest.raises(InvalidInput, match="Не больше 2 голосов за одну модель"):
        voting.set_dots(voter, voting_session.groups[0].id, 3)
    assert total_dots(voter) == 0


def test_the_same_request_twice_changes_nothing_the_second_time(voting_session, make_voter):
    voter = make_voter(voting_session)
    group = voting_session.groups[0]
    voting.set_dots(voter, group.id, 1)
    voting.set_dots(voter, group.id, 1)
    assert db.session.scalars(sa.select(DotVote)).all()[0].dots == 1
    assert total_dots(voter) == 1


def test_own_group_is_refused_by_default_and_allowed_when_the_moderator_allows_it(
    voting_session, make_voter, moderator
):
    own = voting_session.groups[0]
    voter = make_voter(voting_session, own)
    with pytest.raises(NotAllowed, match="Нельзя голосовать за модель своей группы"):
        voting.set_dots(voter, own.id, 1)
    assert total_dots(voter) == 0

    configure(voting_session, moderator, forbid_own_group=False)
    voting.set_dots(voter, own.id, 1)
    assert total_dots(voter) == 1


@pytest.mark.parametrize(
    ("phase", "message"),
    [("open_mic", "Голосование ещё не началось"), ("survey", "Голосование завершено")],
)
def test_voting_outside_the_voting_phase_is_refused(make_session, make_voter, phase, message):
    session = make_session(phase=phase)
    voter = make_voter(session)
    with pytest.raises(WrongPhase, match=message) as refused:
        voting.set_dots(voter, session.groups[0].id, 1)
    assert refused.value.status == 409
    assert total_dots(voter) == 0


def test_a_model_of_another_session_or_none_at_all_is_not_found(
    voting_session, make_session, make_voter
):
    other = make_session(phase="voting")
    voter = make_voter(voting_session)
    for group_id in (other.groups[0].id, 999_999, "abc"):
        with pytest.raises(NotFound, match="В этой сессии нет такой модели"):
            voting.set_dots(voter, group_id, 1)
    assert total_dots(voter) == 0


def test_a_negative_or_unreadable_number_of_dots_is_refused(voting_session, make_voter):
    voter = make_voter(voting_session)
    for value in (-1, "two", None):
        with pytest.raises(InvalidInput, match="сколько голосов"):
            voting.set_dots(voter, voting_session.groups[0].id, value)


def test_dots_are_refused_in_rating_mode(voting_session, make_voter, moderator):
    configure(voting_session, moderator, voting_mode=VotingMode.rating)
    voter = make_voter(voting_session)
    with pytest.raises(WrongPhase, match="Способ голосования изменился"):
        voting.set_dots(voter, voting_session.groups[0].id, 1)


def test_results_rank_models_and_ties_share_a_place_range(voting_session, make_voter):
    a, b, c, d = voting_session.groups
    for dots in ({a: 2, b: 1}, {b: 2, c: 1}, {a: 1, c: 2}, {d: 1}):
        voter = make_voter(voting_session)
        for group, count in dots.items():
            voting.set_dots(voter, group.id, count)

    rows = voting.results(voting_session)
    assert [(r.group.name, r.dots, r.place_label, r.tied) for r in rows] == [
        ("Группа 1", 3, "1–3", True),
        ("Группа 2", 3, "1–3", True),
        ("Группа 3", 3, "1–3", True),
        ("Группа 4", 1, "4", False),
    ]
    assert (rows.voters, rows.votes_cast, rows.mode) == (4, 10, VotingMode.dots)


def test_results_without_votes_put_every_model_on_a_shared_first_place(voting_session):
    rows = voting.dot_results(voting_session)
    assert {r.place_label for r in rows} == {"1–4"}
    assert all(r.dots == 0 for r in rows)


def test_hidden_results_are_flagged_until_voting_closes(voting_session, moderator):
    assert voting.results(voting_session).hidden  # hidden by default during the voting
    configure(voting_session, moderator, hide_results_until_closed=False)
    assert not voting.results(voting_session).hidden
    configure(voting_session, moderator, hide_results_until_closed=True)
    voting_session.phase = "survey"
    db.session.commit()
    assert not voting.results(voting_session).hidden
    assert voting.results_visible(voting_session)


def test_counts_give_voters_and_dots_without_names(voting_session, make_voter):
    first, second = make_voter(voting_session), make_voter(voting_session)
    make_voter(voting_session)
    voting.set_dots(first, voting_session.groups[0].id, 2)
    voting.set_dots(second, voting_session.groups[1].id, 1)
    tally = voting.counts(voting_session)
    assert (tally.participants, tally.voters, tally.dots_cast) == (3, 2, 3)
    assert voting.dot_totals(voting_session) == {
        voting_session.groups[0].id: 2,
        voting_session.groups[1].id: 1,
    }


def test_counts_give_as_participants_only_people_who_came(voting_session, make_voter):
    make_voter(voting_session)
    make_voter(voting_session, source="walk_in")
    make_voter(voting_session, source="import", device_id=None)
    checked_in = make_voter(voting_session, source="import", arrived_at=voting_session_start())
    voting.set_dots(checked_in, voting_session.groups[0].id, 1)
    tally = voting.counts(voting_session)
    assert (tally.participants, tally.voters) == (3, 1)


def voting_session_start() -> dt.datetime:
    """A check-in time on the day."""
    return dt.datetime(2023, 3, 27, 10, 55, tzinfo=dt.UTC)


def test_counts_are_read_in_one_statement(voting_session, make_voter):
    voting.set_dots(make_voter(voting_session), voting_session.groups[0].id, 2)
    with statements() as seen:
        tally = voting.counts(voting_session)
    assert (tally.participants, tally.voters, tally.dots_cast, tally.raters) == (1, 1, 2, 0)
    assert len(seen) == 1


def test_turnout_gives_the_dot_voters_and_dots_in_one_statement(voting_session, make_voter):
    first, second = make_voter(voting_session), make_voter(voting_session)
    make_voter(voting_session)
    voting.set_dots(first, voting_session.groups[0].id, 2)
    voting.set_dots(second, voting_session.groups[1].id, 1)
    with statements() as seen:
        turnout = voting.turnout(voting_session)
    assert turnout == voting.Turnout(VotingMode.dots, voters=2, votes_cast=3)
    assert len(seen) == 1


def test_turnout_before_anyone_voted_or_settings_were_saved_is_zero(voting_session):
    assert voting.turnout(voting_session) == voting.Turnout(VotingMode.dots, 0, 0)


def test_a_committed_vote_is_announced_with_counts_only(voting_session, make_voter, notifications):
    voter = make_voter(voting_session)
    voting.set_dots(voter, voting_session.groups[0].id, 1)
    assert notifications == [(voting_session.id, "votes", {"voters": 1, "dots": 1, "raters": 0})]


def test_a_refused_vote_is_not_announced(voting_session, make_voter, notifications):
    voter = make_voter(voting_session)
    with pytest.raises(InvalidInput):
        voting.set_dots(voter, voting_session.groups[0].id, 5)
    assert notifications == []


class TestSettings:
    def test_defaults_are_three_dots_two_per_model_own_group_forbidden_results_hidden(
        self, voting_session
    ):
        settings = voting.settings_for(voting_session)
        assert (
            settings.voting_mode,
            settings.dots_per_participant,
            settings.max_dots_per_model,
            settings.forbid_own_group,
            settings.hide_results_until_closed,
            settings.speaker_seconds,
        ) == (VotingMode.dots, 3, 2, True, True, 120)

    def test_the_cap_cannot_exceed_the_dots(self, voting_session, moderator):
        with pytest.raises(InvalidInput) as refused:
            configure(voting_session, moderator, dots_per_participant=2, max_dots_per_model=3)
        assert refused.value.field == "max_dots_per_model"
        assert voting.settings_for(voting_session).dots_per_participant == 3

    def test_dots_cannot_go_below_what_someone_placed(self, voting_session, make_voter, moderator):
        voter = make_voter(voting_session)
        voting.set_dots(voter, voting_session.groups[0].id, 2)
        voting.set_dots(voter, voting_session.groups[1].id, 1)
        with pytest.raises(InvalidInput, match="уже отдал 3 голоса") as refused:
            configure(voting_session, moderator, dots_per_participant=2, max_dots_per_model=2)
        assert refused.value.field == "dots_per_participant"
        with pytest.raises(InvalidInput, match="одной модели") as refused:
            configure(voting_session, moderator, max_dots_per_model=1)
        assert refused.value.field == "max_dots_per_model"
        assert voting.settings_for(voting_session).max_dots_per_model == 2

    @pytest.mark.parametrize(
        ("criteria", "message"),
        [
            (["", "  "], "хотя бы один критерий"),
            (["Новизна", "новизна"], "указан дважды"),
            (["x" * 101], "не длиннее 100"),
            ([f"К{i}" for i in range(9)], "Не больше 8 критериев"),
        ],
    )
    def test_bad_criteria_are_refused(self, voting_session, moderator, criteria, message):
        with pytest.raises(InvalidInput, match=message) as refused:
            configure(voting_session, moderator, criteria=criteria)
        assert refused.value.field == "criteria"

    def test_speaker_time_outside_the_list_is_refused(self, voting_session, moderator):
        with pytest.raises(InvalidInput) as refused:
            configure(voting_session, moderator, speaker_seconds=5)
        assert refused.value.field == "speaker_seconds"

    def test_default_criteria_are_in_the_session_language(self, make_session, moderator):
        english = make_session(language="en")
        configure(english, moderator)
        assert voting.common.criteria_titles(english) == ["Practical value", "Novelty"]
        russian = make_session()
        assert voting.common.criteria_titles(russian) == ["Практическая значимость", "Новизна"]
