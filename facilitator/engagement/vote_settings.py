"""How a session votes: the way of voting, dots per person, criteria, and when results show."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.database import assign
from facilitator.engagement import common
from facilitator.engagement.errors import (
    EngagementError,
    InvalidInput,
)
from facilitator.engagement.models import (
    MAX_CRITERION_LENGTH,
    MAX_DOTS,
    MAX_SPEAKER_SECONDS,
    MIN_SPEAKER_SECONDS,
    DotVote,
    EngagementSettings,
    RatingCriterion,
    VotingMode,
)
from facilitator.engagement.voting import announce
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession

if TYPE_CHECKING:
    from facilitator.accounts.models import Moderator

log = logging.getLogger(__name__)


#: Most criteria a session rates on
MAX_CRITERIA = 8


@dataclass(frozen=True)
class SettingsChange:
    """What the moderator sets on the voting settings page."""

    voting_mode: VotingMode
    dots_per_participant: int
    max_dots_per_model: int
    forbid_own_group: bool
    hide_results_until_closed: bool
    speaker_seconds: int
    criteria: list[str]

    def rules(self) -> dict[str, Any]:
        """The settings' column values: all but the criteria, which are rows of their own."""
        return {name: value for name, value in asdict(self).items() if name != "criteria"}


def _largest_ballot(session: DesignSession) -> tuple[int, int]:
    """The most dots one participant placed in all, and on one model."""
    per_person = (
        sa.select(sa.func.sum(DotVote.dots).label("total"))
        .where(DotVote.session_id == session.id)
        .group_by(DotVote.participant_id)
        .subquery()
    )
    most_in_all = db.session.scalar(sa.select(sa.func.max(per_person.c.total))) or 0
    most_on_one = (
        db.session.scalar(
            sa.select(sa.func.max(DotVote.dots)).where(DotVote.session_id == session.id)
        )
        or 0
    )
    return int(most_in_all), int(most_on_one)


def clean_criteria(titles: list[str]) -> list[str]:
    """Criteria titles trimmed, without empty lines; refused when too many, long or repeated."""
    cleaned = [" ".join(title.split()) for title in titles]
    cleaned = [title for title in cleaned if title]
    if not cleaned:
        raise InvalidInput(_("Name at least one criterion."), field="criteria")
    if len(cleaned) > MAX_CRITERIA:
        raise InvalidInput(
            _("At most %(num)d criteria, please.", num=MAX_CRITERIA), field="criteria"
        )
    for title in cleaned:
        if len(title) > MAX_CRITERION_LENGTH:
            raise InvalidInput(
                _(
                    "A criterion is at most %(num)d characters long: «%(title)s…».",
                    num=MAX_CRITERION_LENGTH,
                    title=title[:30],
                ),
                field="criteria",
            )
    seen: set[str] = set()
    for title in cleaned:
        if title.casefold() in seen:
            raise InvalidInput(
                _("The criterion «%(title)s» is listed twice.", title=title), field="criteria"
            )
        seen.add(title.casefold())
    return cleaned


def _check_change(change: SettingsChange) -> None:
    if not 1 <= change.dots_per_participant <= MAX_DOTS:
        raise InvalidInput(
            _("Between 1 and %(num)d dots, please.", num=MAX_DOTS), field="dots_per_participant"
        )
    if not 1 <= change.max_dots_per_model <= change.dots_per_participant:
        raise InvalidInput(
            _("Between 1 and the dots per participant (%(num)d).", num=change.dots_per_participant),
            field="max_dots_per_model",
        )
    if not MIN_SPEAKER_SECONDS <= change.speaker_seconds <= MAX_SPEAKER_SECONDS:
        raise InvalidInput(_("Choose a time from the list."), field="speaker_seconds")


def update_settings(
    session: DesignSession, change: SettingsChange, moderator: Moderator
) -> EngagementSettings:
    """Save the voting and open-microphone settings and the criteria; commits.

    The dots and the cap cannot go below what someone has already placed: the moderator would
    silently take votes away.
    """
    _check_change(change)
    titles = clean_criteria(change.criteria)
    try:
        settings = common.lock_settings(session)
        most_in_all, most_on_one = _largest_ballot(session)
        if change.dots_per_participant < most_in_all:
            raise InvalidInput(
                ngettext(
                    "Someone has already placed %(num)d dot; the number cannot be lower.",
                    "Someone has already placed %(num)d dots; the number cannot be lower.",
                    most_in_all,
                ),
                field="dots_per_participant",
            )
        if change.max_dots_per_model < most_on_one:
            raise InvalidInput(
                ngettext(
                    "Someone has already placed %(num)d dot on one model; the cap cannot be lower.",
                    "Someone has already placed %(num)d dots on one model; "
                    "the cap cannot be lower.",
                    most_on_one,
                ),
                field="max_dots_per_model",
            )
        assign(settings, change.rules())
        _replace_criteria(session, titles)
        db.session.commit()
    except EngagementError:
        db.session.rollback()
        raise
    log.info(
        "Voting settings of session %s changed by moderator %s: %s",
        session.id,
        moderator.id,
        change,
    )
    announce(session)
    return settings


def _replace_criteria(session: DesignSession, titles: list[str]) -> None:
    """Keep the criteria still listed (with their scores), add new ones, drop the rest."""
    existing = {c.title: c for c in common.criteria_of(session)}
    for title, criterion in existing.items():
        if title not in titles:
            db.session.delete(criterion)
    db.session.flush()
    for position, title in enumerate(titles):
        criterion = existing.get(title)
        if criterion is None:
            db.session.add(RatingCriterion(session_id=session.id, position=position, title=title))
        else:
            criterion.position = position
