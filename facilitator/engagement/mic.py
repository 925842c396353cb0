"""The open microphone: participants raise a hand, the moderator gives the floor in turn.

Service API:

- ``queue(session) -> MicQueue``: ``speaker`` (a ``MicHand`` or None), ``waiting`` (hands in
  order), ``entries`` (speaker first, then the queue); ``place_of(participant_id)`` is 1 for the
  next to speak. A hand has ``participant`` (``full_name``, ``organisation``), ``group`` (the
  model it is about, or None), ``state``, ``floor_until`` and ``seconds_left()``.
- ``active_hand(participant)``, ``recent(session)``, ``state(session, participant=None)`` (JSON
  for pages that refresh themselves).
- Participants: ``raise_hand(participant, group_id=None)``, ``lower_hand(participant)``.
- Moderators: ``give_floor(session, moderator, hand_id=None)`` (None: the next in the queue),
  ``skip``, ``finish``, ``extend``.

The speaker's time is the hand's ``floor_until``, held by the server; pages count it down.
After each committed change: ``notify_session(session.id, "openmic", payload)`` with the
speaker's name and end time and the queue as hand ids.

Parallel requests: the database allows one active (waiting or speaking) hand per participant
and one speaker per session (partial unique indexes); raising a hand locks the participant's
row, the moderator's actions lock the session's settings row, and every state change is
conditional on the state it starts from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from facilitator.columns import aware, utcnow
from facilitator.database import listed
from facilitator.engagement import common
from facilitator.engagement.errors import Conflict, NotFound, WrongPhase
from facilitator.engagement.models import HandState, MicHand
from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.phases import Phase

if TYPE_CHECKING:
    from facilitator.accounts.models import Moderator

log = logging.getLogger(__name__)

ACTIVE_STATES = (HandState.waiting, HandState.speaking)
#: What «+1 min» adds to a speaker's time
EXTRA_SECONDS = 60


@dataclass(frozen=True)
class MicQueue:
    """Who speaks now and who waits, in order."""

    speaker: MicHand | None
    waiting: list[MicHand]

    @property
    def entries(self) -> list[MicHand]:
        """The speaker first, then the queue."""
        return ([self.speaker] if self.speaker else []) + self.waiting

    def place_of(self, participant_id: int) -> int | None:
        """The participant's place in the queue (1 = next), or None when not waiting."""
        for place, hand in enumerate(self.waiting, start=1):
            if hand.participant_id == participant_id:
                return place
        return None

    def payload(self) -> dict[str, Any]:
        """What live updates carry: the speaker's name and end time, the queue as hand ids."""
        speaker = None
        if self.speaker is not None:
            until = aware(self.speaker.floor_until)
            speaker = {
                "hand_id": self.speaker.id,
                "name": self.speaker.participant.full_name,
                "floor_until": until.isoformat() if until else None,
            }
        return {"speaker": speaker, "queue": [h.id for h in self.waiting]}


def _hands(session: DesignSession):
    return (
        sa.select(MicHand)
        .where(MicHand.session_id == session.id)
        .options(so.joinedload(MicHand.participant), so.joinedload(MicHand.group))
    )


def queue(session: DesignSession) -> MicQueue:
    """The speaker and the waiting hands, first raised first."""
    hands = db.session.scalars(
        _hands(session)
        .where(MicHand.state.in_(ACTIVE_STATES))
        .order_by(MicHand.raised_at, MicHand.id)
    ).all()
    speaker = next((h for h in hands if h.state == HandState.speaking), None)
    return MicQueue(speaker=speaker, waiting=[h for h in hands if h.state == HandState.waiting])


def state(session: DesignSession, participant: Participant | None = None) -> dict[str, Any]:
    """The microphone as JSON for pages that refresh themselves; ``version`` changes with it."""
    line = queue(session)
    payload = line.payload()
    speaker = line.speaker
    found: dict[str, Any] = {
        "phase": session.phase.value,
        "speaker": payload["speaker"],
        "waiting": len(line.waiting),
        "seconds_left": speaker.seconds_left() if speaker else None,
    }
    if participant is not None:
        found["place"] = line.place_of(participant.id)
        found["speaking"] = bool(speaker and speaker.participant_id == participant.id)
    version_source = {k: v for k, v in found.items() if k != "seconds_left"}
    found["version"] = hashlib.sha1(
        json.dumps(version_source, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()[:12]
    return found


def recent(session: DesignSession, limit: int = 10) -> list[MicHand]:
    """Hands that have spoken or were skipped, latest first."""
    return listed(
        _hands(session)
        .where(MicHand.state.in_((HandState.done, HandState.skipped)))
        .order_by(MicHand.finished_at.desc(), MicHand.id.desc())
        .limit(limit)
    )


def active_hand(participant: Participant) -> MicHand | None:
    """The participant's hand in the queue or on the floor, if any."""
    return db.session.scalar(
        sa.select(MicHand).where(
            MicHand.participant_id == participant.id, MicHand.state.in_(ACTIVE_STATES)
        )
    )


def _already_raised() -> Conflict:
    return Conflict(_("Your hand is already raised: wait for your turn."), field="hand")


def raise_hand(participant: Participant, group_id: Any = None) -> MicHand:
    """Put the participant in the queue, optionally about one model; commits."""
    session = participant.session
    # The same hand raised twice at once: the unique index keeps one.
    with common.rolled_back_on_refusal(_already_raised):
        me = common.lock_participant(participant.id)
        if common.current_phase(session) != Phase.open_mic:
            raise WrongPhase(_("The open microphone is not on now."), field="hand")
        group = None if group_id in (None, "") else common.group_of_session(session, group_id)
        active = active_hand(me)
        if active is not None:
            if active.state == HandState.speaking:
                raise Conflict(_("You have the floor now."), field="hand")
            raise _already_raised()
        hand = MicHand(
            session_id=session.id,
            participant_id=me.id,
            group_id=group.id if group else None,
            state=HandState.waiting,
            raised_at=utcnow(),
        )
        db.session.add(hand)
        db.session.commit()
    log.info("Participant %s raised a hand in session %s", participant.id, session.id)
    _announce(session)
    return hand


def lower_hand(participant: Participant) -> HandState:
    """Leave the queue, or end one's own turn at the microphone; commits."""
    session = participant.session
    now = utcnow()
    # A waiting hand is lowered; failing that, a speaker's turn ends.
    for before, result in (
        (HandState.waiting, HandState.lowered),
        (HandState.speaking, HandState.done),
    ):
        changed = db.session.execute(
            sa.update(MicHand)
            .where(MicHand.participant_id == participant.id, MicHand.state == before)
            .values(state=result, finished_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if changed:
            break
    else:
        db.session.rollback()
        raise Conflict(_("Your hand is not raised."), field="hand")
    db.session.commit()
    log.info("Participant %s %s their hand in session %s", participant.id, result, session.id)
    _announce(session)
    return result


def _locked_hand(session: DesignSession, hand_id: int | None) -> MicHand:
    query = sa.select(MicHand).where(MicHand.session_id == session.id)
    if hand_id is None:
        query = query.where(MicHand.state == HandState.waiting).order_by(
            MicHand.raised_at, MicHand.id
        )
    else:
        query = query.where(MicHand.id == hand_id)
    hand = db.session.scalar(
        query.limit(1).with_for_update().execution_options(populate_existing=True)
    )
    if hand is None:
        if hand_id is None:
            raise NotFound(_("Nobody is waiting in the queue."))
        raise NotFound(_("There is no such hand in this session's queue."))
    return hand


def _moderate(session: DesignSession, hand_id: int | None, change, what: str, moderator) -> MicHand:
    """Run one moderator action on a hand in a transaction holding the session's lock."""
    with common.rolled_back_on_refusal(
        lambda: Conflict(_("Someone else changed the queue at the same moment."))
    ):
        settings = common.lock_settings(session)
        hand = _locked_hand(session, hand_id)
        change(hand, settings, utcnow())
        db.session.commit()
    log.info("Moderator %s: %s hand %s in session %s", moderator.id, what, hand.id, session.id)
    _announce(session)
    return hand


def give_floor(session: DesignSession, moderator: Moderator, hand_id: int | None = None) -> MicHand:
    """Give the floor to a waiting hand (the next in the queue by default); the speaker so
    far is done. The speaker's time starts now."""

    def change(hand: MicHand, settings, now: dt.datetime) -> None:
        if hand.state != HandState.waiting:
            raise Conflict(_("This person is no longer waiting in the queue."))
        db.session.execute(
            sa.update(MicHand)
            .where(MicHand.session_id == session.id, MicHand.state == HandState.speaking)
            .values(state=HandState.done, finished_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.flush()
        hand.state = HandState.speaking
        hand.floor_at = now
        hand.floor_until = now + dt.timedelta(seconds=settings.speaker_seconds)

    return _moderate(session, hand_id, change, "gave the floor to", moderator)


def _ending(
    before: HandState, after: HandState, verb: str, refusal: LazyString
) -> Callable[[DesignSession, Moderator, int], MicHand]:
    """A moderator's action moving a hand from ``before`` to the final ``after``; ``refusal``
    says why a hand in another state cannot move."""

    def end(session: DesignSession, moderator: Moderator, hand_id: int) -> MicHand:
        def change(hand: MicHand, _settings, now: dt.datetime) -> None:
            if hand.state != before:
                raise Conflict(str(refusal))
            hand.state = after
            hand.finished_at = now

        return _moderate(session, hand_id, change, verb, moderator)

    return end


#: Take a waiting hand out of the queue without giving the floor
skip = _ending(
    HandState.waiting,
    HandState.skipped,
    "skipped",
    _l("This person is no longer waiting in the queue."),
)
#: End the speaker's turn
finish = _ending(
    HandState.speaking, HandState.done, "finished", _l("This person does not have the floor.")
)


def extend(
    session: DesignSession, moderator: Moderator, hand_id: int, seconds: int = EXTRA_SECONDS
) -> MicHand:
    """Give the speaker more time, counted from now if their time has run out."""

    def change(hand: MicHand, _settings, now: dt.datetime) -> None:
        if hand.state != HandState.speaking:
            raise Conflict(_("This person does not have the floor."))
        hand.floor_until = max(aware(hand.floor_until) or now, now) + dt.timedelta(seconds=seconds)

    return _moderate(session, hand_id, change, "extended the time of", moderator)


def _announce(session: DesignSession) -> None:
    common.notify(session.id, "openmic", queue(session).payload())
