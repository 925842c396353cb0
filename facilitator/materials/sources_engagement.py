"""Votes, ratings, comments and open-microphone speakers from the engagement feature, as records.

Only the engagement services' public API is used (``voting``, ``rating``, ``comments``,
``open_mic``); the documents never see a hidden comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from facilitator.columns import aware
from facilitator.engagement import comments, common, voting
from facilitator.engagement import mic as open_mic
from facilitator.engagement.models import (
    MAX_SCORE,
    DotVote,
    EngagementSettings,
    HandState,
    ModelRating,
    RatingCriterion,
    VotingMode,
)
from facilitator.extensions import db
from facilitator.materials.records import (
    DOTS,
    RATING,
    Comment,
    ModelResult,
    Rating,
    Speaker,
    Vote,
    VotingResults,
)
from facilitator.sessions.models import DesignSession
from facilitator.text.sanitize import clean_text, one_line

#: More open-microphone turns than any real session has: «recent» means all of them here
ALL_TURNS = 10_000


def _average(value: float | None) -> float | None:
    """An average as the documents print it: two decimals, rounded half-up."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def votes(session: DesignSession) -> tuple[Vote, ...]:
    """Each participant's dots on each model (none when the session rates models instead)."""
    # The way of voting is checked in the same statement; a session without settings uses dots.
    rates = sa.exists().where(
        EngagementSettings.session_id == session.id,
        EngagementSettings.voting_mode == VotingMode.rating,
    )
    rows = db.session.execute(
        sa.select(DotVote.group_id, DotVote.participant_id, DotVote.dots, DotVote.updated_at)
        .where(DotVote.session_id == session.id, ~rates)
        .order_by(DotVote.updated_at, DotVote.id)
    )
    names = {p.id: one_line(p.full_name) for p in session.participants}
    return tuple(
        Vote(
            group_id=row.group_id,
            voter=names.get(row.participant_id, ""),
            points=row.dots,
            cast_at=aware(row.updated_at),
        )
        for row in rows
    )


def voting_results(session: DesignSession) -> VotingResults:
    """The results in the session's way of voting, with places shared on ties."""
    found = voting.results(session)
    if found.mode == VotingMode.rating:
        criteria = common.criteria_of(session)
        titles = tuple(one_line(c.title) for c in criteria)
        if not found.votes_cast:
            return VotingResults(mode=RATING, criteria=titles, scale_max=MAX_SCORE)
        rows = tuple(
            ModelResult(
                group_id=row.group.id,
                place=row.place,
                place_to=row.place_to,
                average=_average(row.overall),
                averages=tuple(
                    (one_line(c.title), _average(row.averages.get(c.id))) for c in criteria
                ),
                raters=row.raters,
            )
            for row in found
        )
        return VotingResults(
            mode=RATING,
            rows=rows,
            criteria=titles,
            scale_max=MAX_SCORE,
            ratings=ratings(session, criteria),
            voters=found.voters,
            votes_cast=found.votes_cast,
        )
    if not found.votes_cast:
        return VotingResults(mode=DOTS)
    rows = tuple(ModelResult(row.group.id, row.place, row.place_to, dots=row.dots) for row in found)
    return VotingResults(mode=DOTS, rows=rows, voters=found.voters, votes_cast=found.votes_cast)


def ratings(
    session: DesignSession, criteria: Sequence[RatingCriterion] | None = None
) -> tuple[Rating, ...]:
    """Each participant's scores of each model, by criterion title, first rated first."""
    if criteria is None:
        criteria = common.criteria_of(session)
    titles = {c.id: one_line(c.title) for c in criteria}
    names = {p.id: one_line(p.full_name) for p in session.participants}
    found: dict[tuple[int, int], dict] = {}
    for row in db.session.execute(
        sa.select(
            ModelRating.participant_id,
            ModelRating.group_id,
            ModelRating.criterion_id,
            ModelRating.score,
            ModelRating.updated_at,
        )
        .where(ModelRating.session_id == session.id)
        .order_by(ModelRating.updated_at, ModelRating.id)
    ):
        if row.criterion_id not in titles:
            continue
        entry = found.setdefault(
            (row.participant_id, row.group_id), {"scores": {}, "at": row.updated_at}
        )
        entry["scores"][titles[row.criterion_id]] = row.score
        entry["at"] = max(entry["at"], row.updated_at)
    return tuple(
        Rating(
            group_id=group_id,
            voter=names.get(participant_id, ""),
            scores={t: entry["scores"][t] for t in titles.values() if t in entry["scores"]},
            rated_at=aware(entry["at"]),
        )
        for (participant_id, group_id), entry in found.items()
    )


def visible_comments(session: DesignSession) -> tuple[Comment, ...]:
    """The comments on every model that participants can see; hidden ones are left out."""
    by_group = comments.visible_by_group(session)
    found = []
    for group in session.groups:
        for row in by_group[group.id]:
            comment = row.comment
            found.append(
                Comment(
                    text=clean_text(comment.body).strip(),
                    author=one_line(comment.author.full_name) if comment.author else "",
                    group_id=comment.group_id,
                    created_at=aware(comment.created_at),
                    upvotes=row.upvotes,
                )
            )
    return tuple(found)


def speakers(session: DesignSession) -> tuple[Speaker, ...]:
    """Who had the floor at the open microphone, first speaker first."""
    turns = [
        hand
        for hand in open_mic.recent(session, limit=ALL_TURNS)
        if hand.state == HandState.done and hand.floor_at is not None
    ]
    turns.sort(key=lambda hand: (hand.floor_at, hand.id))
    return tuple(
        Speaker(
            full_name=one_line(hand.participant.full_name),
            organisation=one_line(hand.participant.organisation),
            group_id=hand.group_id,
            spoke_at=aware(hand.floor_at),
        )
        for hand in turns
    )
