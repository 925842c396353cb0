"""Dot voting on the models, the voting settings, results and counts.

Service API for other packages (materials, the projector, live updates):

- ``results(session) -> Results``: a list of rows in the session's way of voting, best first,
  tied models sharing a place range. Dots: ``ResultRow`` (group, dots, place, place_to, tied,
  place_label «1–2»). Rating: ``rating.RatingRow`` (group, averages by criterion id, average,
  raters, place, place_to, tied). The list also carries ``hidden`` (participants and the
  projector must not see the rows yet; the moderator may), ``mode``, ``voters``, ``votes_cast``.
- ``dot_results(session) -> list[ResultRow]`` and ``rating_results(session)`` whatever the mode.
- ``counts(session) -> VotingCounts``: participants, voters, dots cast, raters, scores.
- ``turnout(session) -> Turnout``: the way of voting, voters and votes cast in it; one query,
  for screens that show how far the voting has got but not its results.
- ``dot_totals(session) -> dict[group_id, dots]``.
- ``results_visible(session) -> bool``: whether participants and the projector may see results
  now (the moderator always may).
- ``settings_for(session)``; ``vote_settings.update_settings(session, change, moderator)``.

After each committed change the service calls ``notify_session(session.id, "votes", payload)``
with counts only, never results (they may be hidden until the voting closes).

Parallel requests: ``set_dots`` read-locks the session's settings row, locks the participant's
row, then counts the participant's dots afresh, all in one transaction; so simultaneous clicks
cannot place more dots than the budget or the per-model cap.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.engagement import common, rating
from facilitator.engagement.errors import (
    Conflict,
    InvalidInput,
)
from facilitator.engagement.models import (
    DotVote,
    EngagementSettings,
    ModelRating,
    VotingMode,
)
from facilitator.extensions import db
from facilitator.sessions.counts import in_session as counts_in_session
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

log = logging.getLogger(__name__)

settings_for = common.settings_for
rating_results = rating.results


@dataclass(frozen=True)
class Ballot:
    """A participant's dots: the budget, the cap per model, and where they are."""

    budget: int
    cap: int
    by_group: dict[int, int] = field(default_factory=dict)

    @property
    def used(self) -> int:
        """Dots placed."""
        return sum(self.by_group.values())

    @property
    def left(self) -> int:
        """Dots still to place."""
        return max(self.budget - self.used, 0)

    def on(self, group_id: int) -> int:
        """Dots on one model."""
        return self.by_group.get(group_id, 0)


@dataclass(frozen=True)
class ResultRow(common.Ranked):
    """A model's result in the dot voting."""

    group: CreativeGroup
    dots: int
    place: int
    place_to: int
    tied: bool


@dataclass(frozen=True)
class VotingCounts:
    """How far the voting has got; no names."""

    participants: int
    voters: int
    dots_cast: int
    raters: int
    scores_cast: int


@dataclass(frozen=True)
class Turnout:
    """How many took part in the session's way of voting; no results, no names."""

    mode: VotingMode
    #: People who placed a dot (or gave a score, when rating)
    voters: int
    #: Dots placed (or scores given, when rating)
    votes_cast: int


def ballot_of(participant: Participant, settings: EngagementSettings | None = None) -> Ballot:
    """The participant's dots as committed."""
    settings = settings or common.settings_for(participant.session)
    rows = db.session.execute(
        sa.select(DotVote.group_id, DotVote.dots).where(DotVote.participant_id == participant.id)
    )
    return Ballot(
        budget=settings.dots_per_participant,
        cap=settings.max_dots_per_model,
        by_group={group_id: dots for group_id, dots in rows},
    )


def _parse_dots(value: Any, group_id: int) -> int:
    try:
        dots = int(value)
    except (TypeError, ValueError):
        dots = -1
    if dots < 0:
        raise InvalidInput(_("Choose how many dots to place on the model."), field=group_id)
    return dots


def set_dots(participant: Participant, group_id: Any, dots: Any) -> Ballot:
    """Put this many dots (0 takes them all back) on a model; one transaction; commits.

    The request carries the wanted number, not «one more», so a double-click or a resent
    request changes nothing the second time.
    """
    session = participant.session
    with common.rolled_back_on_refusal(
        lambda: Conflict(_("Your vote changed at the same moment. Reload the page."))
    ):
        settings, me, group = common.open_ballot(participant, group_id, VotingMode.dots)
        wanted = _parse_dots(dots, group.id)
        if wanted > settings.max_dots_per_model:
            raise InvalidInput(
                ngettext(
                    "At most %(num)d dot on one model.",
                    "At most %(num)d dots on one model.",
                    settings.max_dots_per_model,
                ),
                field=group.id,
            )
        rows = placed_dots(me.id)
        current = rows.get(group.id)
        placed_elsewhere = sum(r.dots for gid, r in rows.items() if gid != group.id)
        if placed_elsewhere + wanted > settings.dots_per_participant:
            raise InvalidInput(
                _over_budget(settings.dots_per_participant, placed_elsewhere, current),
                field=group.id,
            )
        if wanted == 0:
            if current is not None:
                db.session.delete(current)
        elif current is not None:
            current.dots = wanted
        else:
            db.session.add(
                DotVote(session_id=session.id, participant_id=me.id, group_id=group.id, dots=wanted)
            )
        db.session.commit()
    log.info("Participant %s put %s dots on group %s", participant.id, wanted, group.id)
    announce(session)
    return ballot_of(me, settings)


def placed_dots(participant_id: int) -> dict[int, DotVote]:
    """The participant's dot rows by group id, read afresh (after the lock, in set_dots)."""
    return {
        row.group_id: row
        for row in db.session.scalars(
            sa.select(DotVote)
            .where(DotVote.participant_id == participant_id)
            .execution_options(populate_existing=True)
        )
    }


def _over_budget(budget: int, placed_elsewhere: int, current: DotVote | None) -> str:
    left = budget - placed_elsewhere - (current.dots if current else 0)
    if left > 0:
        return ngettext("You have only %(num)d dot left.", "You have only %(num)d dots left.", left)
    return ngettext(
        "All your %(num)d dot is placed. Take it back from another model first.",
        "All your %(num)d dots are placed. Take one back from another model first.",
        budget,
    )


def dot_totals(session: DesignSession) -> dict[int, int]:
    """Dots each model received, by group id."""
    rows = db.session.execute(
        sa.select(DotVote.group_id, sa.func.sum(DotVote.dots))
        .where(DotVote.session_id == session.id)
        .group_by(DotVote.group_id)
    )
    return {group_id: int(total or 0) for group_id, total in rows}


def dot_results(session: DesignSession) -> list[ResultRow]:
    """Every model with its dots, most first; tied models share a place range."""
    totals = dot_totals(session)
    ordered = sorted(session.groups, key=lambda g: (-totals.get(g.id, 0), g.position, g.id))
    places = common.shared_places([totals.get(g.id, 0) for g in ordered])
    return [
        ResultRow(
            group=group,
            dots=totals.get(group.id, 0),
            place=place.first,
            place_to=place.last,
            tied=place.tied,
        )
        for group, place in zip(ordered, places, strict=True)
    ]


class Results(list):
    """Result rows, best first, with what a screen needs to know about them."""

    #: Whether participants and the projector must not see the rows yet
    hidden: bool = False
    mode: VotingMode = VotingMode.dots
    #: People who placed a dot (or gave a score, when rating)
    voters: int = 0
    #: Dots placed (or scores given, when rating)
    votes_cast: int = 0


def results(session: DesignSession) -> Results:
    """The results in the session's way of voting, flagged hidden while participants may not
    see them."""
    settings = common.settings_for(session)
    tally = counts(session)
    if settings.voting_mode == VotingMode.rating:
        found = Results(rating.results(session))
        found.voters, found.votes_cast = tally.raters, tally.scores_cast
    else:
        found = Results(dot_results(session))
        found.voters, found.votes_cast = tally.voters, tally.dots_cast
    found.mode = settings.voting_mode
    found.hidden = not common.results_visible(session, settings)
    return found


def results_version(session: DesignSession) -> str:
    """Changes whenever a dot or a score is placed or taken back."""
    found = results(session)
    rows = [
        [row.group.id, getattr(row, "dots", None), getattr(row, "average", None)] for row in found
    ]
    source = json.dumps([rows, found.voters, found.votes_cast, found.hidden])
    return hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()[:12]


def counts(session: DesignSession) -> VotingCounts:
    """Participants who attended, those who voted or rated, dots and scores cast."""
    participants = counts_in_session(Participant, session.id, Participant.attended)
    row = db.session.execute(_cast(session).add_columns(participants.label("participants"))).one()
    return VotingCounts(
        participants=row.participants or 0,
        voters=row.voters or 0,
        dots_cast=int(row.dots or 0),
        raters=row.raters or 0,
        scores_cast=row.scores or 0,
    )


def turnout(session: DesignSession) -> Turnout:
    """Voters and votes cast in the session's way of voting, in one query."""
    mode = (
        sa.select(EngagementSettings.voting_mode)
        .where(EngagementSettings.session_id == session.id)
        .scalar_subquery()
    )
    row = db.session.execute(_cast(session).add_columns(mode.label("mode"))).one()
    found = VotingMode(row.mode or common.default_settings(session).voting_mode)
    if found == VotingMode.rating:
        return Turnout(found, voters=row.raters or 0, votes_cast=row.scores or 0)
    return Turnout(found, voters=row.voters or 0, votes_cast=int(row.dots or 0))


def _cast(session: DesignSession) -> sa.Select:
    """One row of the session's voters, dots, raters and scores (each aggregate always has one)."""
    dots = _tally(session, DotVote, sa.func.sum(DotVote.dots))
    ratings = _tally(session, ModelRating, sa.func.count(ModelRating.id))
    return sa.select(
        dots.c.people.label("voters"),
        dots.c.amount.label("dots"),
        ratings.c.people.label("raters"),
        ratings.c.amount.label("scores"),
    ).select_from(dots.join(ratings, sa.true()))


def _tally(
    session: DesignSession, ballot: type[DotVote] | type[ModelRating], amount: Any
) -> sa.Subquery:
    """How many people voted one way in the session (``people``), and how much (``amount``)."""
    return (
        sa.select(
            sa.func.count(sa.distinct(ballot.participant_id)).label("people"),
            amount.label("amount"),
        )
        .where(ballot.session_id == session.id)
        .subquery()
    )


def results_visible(session: DesignSession) -> bool:
    """Whether participants and the projector may see the results now."""
    return common.results_visible(session, common.settings_for(session))


def announce(session: DesignSession) -> None:
    """Tell the session's screens how many have voted."""
    tally = counts(session)
    common.notify(
        session.id,
        "votes",
        {"voters": tally.voters, "dots": tally.dots_cast, "raters": tally.raters},
    )
