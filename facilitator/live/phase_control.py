"""Running a session: moving between phases, driven by the agenda or by hand, and presenters.

Every change is committed, logged, then broadcast on /live as one whole `now` message. Leaving
a phase lets the co-editing service record each group's model and tell members their rights.
"""

from __future__ import annotations

import logging

from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.live import broadcast, errors, state
from facilitator.live.models import LiveState
from facilitator.live.timer import DEFAULT_MINUTES, MINUTE_MS
from facilitator.realtime import service as realtime
from facilitator.sessions.models import (
    AgendaItem,
    CreativeGroup,
    DesignSession,
    PhaseTransitionError,
)
from facilitator.sessions.phases import Phase
from facilitator.signals import phase_changed

log = logging.getLogger(__name__)

#: Every phase in the order of a session; the moderator may jump to any of them
PHASES: tuple[Phase, ...] = tuple(Phase)

#: What a phase change does to the timer, as the moderator chooses
KEEP, RESTART, STOP = "keep", "restart", "stop"
TIMER_CHOICES = (KEEP, RESTART, STOP)

#: Agenda items that keep a running session's phase (breaks, "other")
PHASE_KEEPING_KINDS = state.PHASE_KEEPING_KINDS


def parse_phase(value: object) -> Phase:
    """A phase from a form or payload; bad_request for anything else."""
    try:
        return Phase(str(value))
    except ValueError as error:
        raise errors.bad_request(f"phase {value!r}") from error


def next_item(session: DesignSession) -> AgendaItem | None:
    """The agenda item "Start next item" would start (state.following_item says which)."""
    return state.following_item(session)


def phase_of_item(session: DesignSession, item: AgendaItem) -> Phase:
    """The phase an agenda item runs in; a break or "other" item keeps a running session's."""
    if item.kind in PHASE_KEEPING_KINDS and session.phase not in (Phase.draft, Phase.lobby):
        return session.phase
    return item.kind.phase


def parse_timer_choice(value: object, default: str) -> str:
    """keep, restart or stop from a form or payload (missing: ``default``); else bad_request."""
    if value in (None, ""):
        return default
    if value not in TIMER_CHOICES:
        raise errors.bad_request(f"timer choice {value!r}")
    return str(value)


def item_for_phase(session: DesignSession, phase: Phase) -> AgendaItem | None:
    """The agenda item a jump to ``phase`` runs: its next one, else its latest before."""
    current = state.current_item(session)
    matching = [item for item in session.agenda if item.kind.phase == phase]
    if current is not None and current.kind.phase == phase:
        return current
    if current is None:
        return matching[0] if matching else None
    later = [item for item in matching if _after(item, current)]
    if later:
        return later[0]
    earlier = [item for item in matching if not _after(item, current)]
    return earlier[-1] if earlier else None


def _after(item: AgendaItem, current: AgendaItem) -> bool:
    return (item.position, item.id) > (current.position, current.id)


def move_to_phase(session: DesignSession, phase: Phase, by: Moderator, timer: str = KEEP) -> None:
    """Jump to any phase by hand; the timer keeps running, restarts or stops as ``timer`` says."""
    if phase == session.phase:
        raise errors.refused(_("The session is already in this phase."), f"already {phase}")
    _change(session, phase, item_for_phase(session, phase), by, timer)


def start_next_item(session: DesignSession, by: Moderator, timer: str = RESTART) -> AgendaItem:
    """Start the agenda item after the current one: its phase, and a timer for its length."""
    item = next_item(session)
    if item is None:
        raise errors.refused(_("The agenda is over: there is no next item."), "agenda over")
    start_item(session, item, by, timer)
    return item


def start_item(
    session: DesignSession, item: AgendaItem, by: Moderator, timer: str = RESTART
) -> None:
    """Start an agenda item of this session: its phase, and (by default) a timer for its length."""
    if item.session_id != session.id:
        raise errors.gone(f"item {item.id} is not in session {session.id}")
    _change(session, phase_of_item(session, item), item, by, timer)


def present_group(
    session: DesignSession,
    by: Moderator,
    group: CreativeGroup | None = None,
    step: int | None = None,
) -> CreativeGroup:
    """Choose the group the projector shows during presentations, or step to the next one."""
    if session.phase != Phase.presentations:
        raise errors.refused(_("Groups present during the presentations phase."), "not presenting")
    groups = list(session.groups)
    if not groups:
        raise errors.refused(_("The session has no creative groups."), "no groups")
    if group is None:
        current = state.presenting_group(session)
        index = groups.index(current) if current in groups else -1
        target = index + (step or 1)
        if current is None:
            target = 0 if (step or 1) > 0 else len(groups) - 1
        if not 0 <= target < len(groups):
            message = _("This is the last group.") if target >= 0 else _("This is the first group.")
            raise errors.refused(message, f"step {step} from {index}")
        group = groups[target]
    elif group.session_id != session.id:
        raise errors.gone(f"group {group.id} is not in session {session.id}")
    row = state.state_of(session, create=True)
    row.presenting_group_id = group.id
    db.session.commit()
    log.info("Session %s: group %s presents, chosen by %s", session.id, group.id, by.email)
    broadcast.now(session)
    return group


def _change(
    session: DesignSession,
    phase: Phase,
    item: AgendaItem | None,
    by: Moderator,
    timer: str,
) -> None:
    """Move to ``phase`` with ``item`` current; commit, log, let others react, broadcast."""
    row = state.state_of(session, create=True)
    previous = session.phase
    if phase != previous:
        try:
            session.move_to(phase)
        except PhaseTransitionError as error:
            db.session.rollback()
            log.info("Session %s refused to move to %s: %s", session.id, phase, error)
            raise errors.refused(_refusal(phase), str(error)) from error
    row.current_item_id = item.id if item is not None else None
    _set_presenter(session, row, phase)
    _set_timer(row, item, timer)
    db.session.commit()
    log.info(
        "Session %s moved from %s to %s (agenda item %s) by %s",
        session.id,
        previous,
        phase,
        item.id if item is not None else None,
        by.email,
    )
    if phase != previous:
        phase_changed.send(session, phase=phase)
        after_phase_change(session, previous)
    broadcast.now(session)


def _refusal(phase: Phase) -> str:
    if phase == Phase.draft:
        return _("People have joined, so the session cannot go back to preparation.")
    return _("The phase cannot be changed now.")


def _set_presenter(session: DesignSession, row: LiveState, phase: Phase) -> None:
    """Presentations start with the first group unless one was already chosen."""
    if phase != Phase.presentations or not session.groups:
        return
    ids = {group.id for group in session.groups}
    if row.presenting_group_id not in ids:
        row.presenting_group_id = session.groups[0].id


def _set_timer(row: LiveState, item: AgendaItem | None, choice: str) -> None:
    """Keep the timer, stop it, or restart it for the item's length (else its last length)."""
    timer = state.timer_of(row)
    if choice == STOP:
        state.store_timer(row, timer.stop())
    elif choice == RESTART:
        if item is not None:
            length = item.duration_minutes * MINUTE_MS
        else:
            length = timer.duration_ms or DEFAULT_MINUTES * MINUTE_MS
        label = item.title if item is not None else ""
        state.store_timer(row, timer.start(length, state.now_ms(), label))


def after_phase_change(session: DesignSession, previous: Phase) -> None:
    """Let co-editing react: versions of every model, and members' editing rights."""
    try:
        # Records "phase" versions of changed models and tells members their rights.
        realtime.phase_changed(session)
    except Exception:
        # The phase change is committed and must reach the hall even if this failed.
        db.session.rollback()
        log.exception("Co-editing could not follow session %s to %s", session.id, session.phase)
