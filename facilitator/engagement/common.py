"""What the open microphone, comments and voting share: settings, locks, lookups, places.

Locking: a service that enforces a rule spanning rows first takes a lock, then reads afresh.
PostgreSQL gets ``SELECT ... FOR UPDATE`` (or ``FOR SHARE``); SQLite ignores that, so there a
no-op UPDATE as the transaction's first statement takes the database's write lock and a rival
waits (busy timeout) until we commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from facilitator import signals
from facilitator.database import as_id, listed, with_defaults
from facilitator.engagement.errors import EngagementError, NotAllowed, NotFound, WrongPhase
from facilitator.engagement.models import EngagementSettings, RatingCriterion, VotingMode
from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import Phase

log = logging.getLogger(__name__)

#: Criteria a new session rates models on; the moderator may change them
DEFAULT_CRITERIA = (_l("Practical value"), _l("Novelty"))
#: Phases after the voting: hidden results show from here on
AFTER_VOTING = (Phase.survey, Phase.closed)


class Ranked:
    """A result row placed among the others: it has ``place`` and ``place_to`` fields."""

    place: int
    place_to: int

    @property
    def place_label(self) -> str:
        """«1» or, for tied models, «1–2»."""
        return Place(self.place, self.place_to).label


@contextmanager
def rolled_back_on_refusal(conflict: Callable[[], EngagementError]) -> Iterator[None]:
    """Roll back when the block refuses, or loses a race to a unique index: then ``conflict()``."""
    try:
        yield
    except EngagementError:
        db.session.rollback()
        raise
    except IntegrityError as error:
        db.session.rollback()
        raise conflict() from error


def notify(session_id: int, event: str, payload: dict[str, Any], **options: Any) -> None:
    """Tell the session's devices about a committed change (live control subscribes)."""
    try:
        signals.session_activity.send(session_id, event=event, payload=payload, **options)
    except Exception:
        # The change is committed; a missed live update only delays a page's refresh.
        log.exception("Live update %s for session %s failed", event, session_id)


def is_sqlite() -> bool:
    """Whether the database ignores FOR UPDATE and needs the write-lock trick."""
    return db.session.get_bind().dialect.name == "sqlite"


def lock_participant(participant_id: int) -> Participant:
    """Lock the participant's row for this transaction and return it freshly read."""
    if is_sqlite():
        db.session.execute(
            sa.update(Participant)
            .where(Participant.id == participant_id)
            .values(is_leader=Participant.is_leader)
            .execution_options(synchronize_session=False)
        )
    participant = db.session.scalar(
        sa.select(Participant)
        .where(Participant.id == participant_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if participant is None:
        raise NotFound(_("You are no longer registered in this session."))
    return participant


def default_settings(session: DesignSession) -> EngagementSettings:
    """Settings with the defaults, not stored."""
    return with_defaults(EngagementSettings, session_id=session.id)


def settings_for(session: DesignSession) -> EngagementSettings:
    """The session's settings as stored, or the defaults (not stored) when never saved."""
    stored = db.session.get(EngagementSettings, session.id)
    return stored if stored is not None else default_settings(session)


def ensure_settings(session: DesignSession) -> None:
    """Store the default settings and criteria once, so there is a row to lock; commits."""
    exists = db.session.scalar(
        sa.select(EngagementSettings.session_id).where(EngagementSettings.session_id == session.id)
    )
    if exists is not None:
        return
    has_criteria = db.session.scalar(
        sa.select(RatingCriterion.id).where(RatingCriterion.session_id == session.id).limit(1)
    )
    with force_locale(session.language):
        titles = [] if has_criteria is not None else [str(title) for title in DEFAULT_CRITERIA]
    try:
        # Nothing is read between adding and committing: an autoflush would raise early.
        db.session.add(default_settings(session))
        for position, title in enumerate(titles):
            db.session.add(RatingCriterion(session_id=session.id, position=position, title=title))
        db.session.commit()
    except IntegrityError:
        # Another request stored them at the same moment: theirs are as good as ours.
        db.session.rollback()
    else:
        log.info("Engagement settings created for session %s", session.id)


def lock_settings(session: DesignSession, *, shared: bool = False) -> EngagementSettings:
    """Lock the session's settings row (shared: others may read-lock it too) and return it.

    Call it first in a transaction: it may commit while storing the defaults, and taking the
    settings lock before a participant's keeps the lock order the same everywhere.
    """
    ensure_settings(session)
    if is_sqlite():
        db.session.execute(
            sa.update(EngagementSettings)
            .where(EngagementSettings.session_id == session.id)
            .values(
                speaker_seconds=EngagementSettings.speaker_seconds,
                updated_at=EngagementSettings.updated_at,
            )
            .execution_options(synchronize_session=False)
        )
    return db.session.scalars(
        sa.select(EngagementSettings)
        .where(EngagementSettings.session_id == session.id)
        .with_for_update(read=shared)
        .execution_options(populate_existing=True)
    ).one()


def current_phase(session: DesignSession) -> Phase:
    """The session's phase as committed now, not as loaded earlier in the request."""
    return db.session.scalar(sa.select(DesignSession.phase).where(DesignSession.id == session.id))


def group_of_session(session: DesignSession, group_id: Any) -> CreativeGroup:
    """The session's creative group with this id; NotFound for any other value."""
    number = as_id(group_id)
    group = db.session.get(CreativeGroup, number) if number is not None else None
    if group is None or group.session_id != session.id:
        raise NotFound(_("There is no such model in this session."), field="group")
    return group


def criteria_of(session: DesignSession) -> list[RatingCriterion]:
    """The session's rating criteria in order."""
    return listed(
        sa.select(RatingCriterion)
        .where(RatingCriterion.session_id == session.id)
        .order_by(RatingCriterion.position, RatingCriterion.id)
    )


def check_voting_open(
    session: DesignSession, settings: EngagementSettings, mode: VotingMode
) -> None:
    """Refuse unless the session is in the voting phase with this way of voting."""
    phase = current_phase(session)
    if phase in AFTER_VOTING:
        raise WrongPhase(_("Voting is over: votes can no longer be changed."))
    if phase != Phase.voting:
        raise WrongPhase(_("Voting has not started yet."))
    if settings.voting_mode != mode:
        raise WrongPhase(_("The way of voting has changed. Reload the page."))


def check_not_own_group(
    settings: EngagementSettings, participant: Participant, group: CreativeGroup
) -> None:
    """Refuse a vote for one's own group's model when the session forbids it."""
    if settings.forbid_own_group and participant.group_id == group.id:
        raise NotAllowed(_("You cannot vote for your own group's model."), field=group.id)


class OpenBallot(NamedTuple):
    """A vote about to be cast: the locked settings, the voter freshly read, the model's group."""

    settings: EngagementSettings
    voter: Participant
    group: CreativeGroup


def open_ballot(participant: Participant, group_id: Any, mode: VotingMode) -> OpenBallot:
    """Lock the settings and the voter; refuse unless they may vote this way on that model."""
    session = participant.session
    settings = lock_settings(session, shared=True)
    voter = lock_participant(participant.id)
    check_voting_open(session, settings, mode)
    group = group_of_session(session, group_id)
    check_not_own_group(settings, voter, group)
    return OpenBallot(settings, voter, group)


def criteria_titles(session: DesignSession) -> list[str]:
    """The criteria's titles, or the defaults in the session's language before any are stored."""
    titles = [c.title for c in criteria_of(session)]
    if titles or db.session.get(EngagementSettings, session.id) is not None:
        return titles
    with force_locale(session.language):
        return [str(title) for title in DEFAULT_CRITERIA]


def voting_is_over(session: DesignSession) -> bool:
    """Whether the session has moved past the voting."""
    return session.phase in AFTER_VOTING


def results_visible(session: DesignSession, settings: EngagementSettings) -> bool:
    """Whether participants and the projector may see the voting results now."""
    if voting_is_over(session):
        return True
    return session.phase == Phase.voting and not settings.hide_results_until_closed


@dataclass(frozen=True)
class Place:
    """A place in a ranking; tied entries share a range such as 1–2."""

    first: int
    last: int

    @property
    def tied(self) -> bool:
        """Whether others share this place."""
        return self.first != self.last

    @property
    def label(self) -> str:
        """«1» or «1–2»."""
        return str(self.first) if not self.tied else f"{self.first}–{self.last}"


def shared_places(values: Sequence[Any]) -> list[Place]:
    """Places for values already sorted best first; equal values share their range."""
    places: list[Place] = []
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and values[end + 1] == values[start]:
            end += 1
        places.extend(Place(start + 1, end + 1) for _ in range(start, end + 1))
        start = end + 1
    return places
