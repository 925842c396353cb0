"""Rating the models on criteria (1 to 5): the second way of voting.

Service API: ``rate(participant, group_id, scores)``, ``scores_of(participant)``,
``results(session) -> list[RatingRow]`` with the average per criterion, the overall average
(the mean of the criteria's averages), how many people rated, and a place shared on ties.
The criteria themselves are edited with ``voting.update_settings``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from facilitator.engagement import common
from facilitator.engagement.errors import Conflict, InvalidInput, NotFound
from facilitator.engagement.models import MAX_SCORE, MIN_SCORE, ModelRating, VotingMode
from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

log = logging.getLogger(__name__)

SCORES = tuple(range(MIN_SCORE, MAX_SCORE + 1))


@dataclass(frozen=True)
class RatingRow(common.Ranked):
    """A model's averages in the rating."""

    group: CreativeGroup
    #: Average score by criterion id; None where nobody rated the model on it
    averages: dict[int, float | None]
    overall: float | None
    raters: int
    place: int
    place_to: int
    tied: bool

    @property
    def average(self) -> float | None:
        """The overall average: the mean of the criteria's averages."""
        return self.overall


def scores_of(participant: Participant) -> dict[tuple[int, int], int]:
    """The participant's scores by (group id, criterion id)."""
    rows = db.session.execute(
        sa.select(ModelRating.group_id, ModelRating.criterion_id, ModelRating.score).where(
            ModelRating.participant_id == participant.id
        )
    )
    return {(group_id, criterion_id): score for group_id, criterion_id, score in rows}


def _parse(scores: Mapping[Any, Any], criterion_ids: set[int]) -> dict[int, int]:
    parsed: dict[int, int] = {}
    for key, raw in scores.items():
        try:
            criterion_id = int(key)
        except (TypeError, ValueError):
            criterion_id = None
        if criterion_id not in criterion_ids:
            raise NotFound(_("There is no such criterion. Reload the page."), field="scores")
        if raw is None or str(raw).strip() == "":
            continue
        try:
            score = int(str(raw).strip())
        except ValueError:
            score = None
        if score not in SCORES:
            raise InvalidInput(
                _("Choose a score from %(low)d to %(high)d.", low=MIN_SCORE, high=MAX_SCORE),
                field=criterion_id,
            )
        parsed[criterion_id] = score
    if not parsed:
        raise InvalidInput(_("Choose a score on at least one criterion."), field="scores")
    return parsed


def rate(participant: Participant, group_id: Any, scores: Mapping[Any, Any]) -> dict[int, int]:
    """Save the participant's scores of a model by criterion id; one transaction; commits.

    Criteria left out keep their earlier score; a score may change until voting closes.
    """
    session = participant.session
    with common.rolled_back_on_refusal(
        lambda: Conflict(_("Your scores changed at the same moment. Reload the page."))
    ):
        ballot = common.open_ballot(participant, group_id, VotingMode.rating)
        me, group = ballot.voter, ballot.group
        wanted = _parse(scores, {c.id for c in common.criteria_of(session)})
        existing = {
            r.criterion_id: r
            for r in db.session.scalars(
                sa.select(ModelRating).where(
                    ModelRating.participant_id == me.id, ModelRating.group_id == group.id
                )
            )
        }
        for criterion_id, score in wanted.items():
            row = existing.get(criterion_id)
            if row is None:
                db.session.add(
                    ModelRating(
                        session_id=session.id,
                        participant_id=me.id,
                        group_id=group.id,
                        criterion_id=criterion_id,
                        score=score,
                    )
                )
            else:
                row.score = score
        db.session.commit()
    log.info("Participant %s rated group %s: %s", participant.id, group.id, wanted)
    tally_raters = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(ModelRating.participant_id))).where(
            ModelRating.session_id == session.id
        )
    )
    common.notify(session.id, "votes", {"raters": tally_raters or 0})
    return wanted


def results(session: DesignSession) -> list[RatingRow]:
    """Every model with its average per criterion and overall, best first; ties share places."""
    criteria = common.criteria_of(session)
    criterion_ids = {c.id for c in criteria}
    averages: dict[int, dict[int, float]] = {}
    for group_id, criterion_id, average in db.session.execute(
        sa.select(ModelRating.group_id, ModelRating.criterion_id, sa.func.avg(ModelRating.score))
        .where(ModelRating.session_id == session.id)
        .group_by(ModelRating.group_id, ModelRating.criterion_id)
    ):
        if criterion_id in criterion_ids:
            averages.setdefault(group_id, {})[criterion_id] = float(average)
    raters = dict(
        db.session.execute(
            sa.select(ModelRating.group_id, sa.func.count(sa.distinct(ModelRating.participant_id)))
            .where(ModelRating.session_id == session.id)
            .group_by(ModelRating.group_id)
        ).all()
    )

    def overall(group: CreativeGroup) -> float | None:
        values = list(averages.get(group.id, {}).values())
        # Rounded, so models that look equal on the page share their place.
        return round(sum(values) / len(values), 2) if values else None

    overalls = {g.id: overall(g) for g in session.groups}
    ordered = sorted(
        session.groups,
        key=lambda g: (overalls[g.id] is None, -(overalls[g.id] or 0), g.position, g.id),
    )
    places = common.shared_places([overalls[g.id] for g in ordered])
    return [
        RatingRow(
            group=group,
            averages={c.id: averages.get(group.id, {}).get(c.id) for c in criteria},
            overall=overalls[group.id],
            raters=raters.get(group.id, 0),
            place=place.first,
            place_to=place.last,
            tied=place.tied,
        )
        for group, place in zip(ordered, places, strict=True)
    ]
