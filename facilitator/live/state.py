"""Reading and writing a session's live state, and the payloads of `phase` and `timer`."""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy.orm as so
from flask import g, has_request_context
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from facilitator.extensions import db
from facilitator.i18n import time_short
from facilitator.live.clock import Timer
from facilitator.live.models import LiveState, TimerState
from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession
from facilitator.sessions.phases import AgendaKind, Phase


def now_ms() -> int:
    """The server's clock in milliseconds since the Unix epoch."""
    return int(time.time() * 1000)


#: Key in ``flask.g``: each session's live state row (or None) as read in this request
_READ = "live_state_rows"


def stored_state(session: DesignSession) -> LiveState | None:
    """The session's stored live state row, or None; read from the database once a request."""
    # The identity map holds rows weakly and does not remember a missing one: without this
    # memo, a page asks for the row again in every helper that needs it.
    read = _read_in_request()
    if session.id in read and read[session.id] is None and not _added_in_session(session.id):
        return None
    # A row kept in the memo stays in the identity map: no query unless a commit expired it.
    # The item and the group it names come in the same query, for current_item and
    # presenting_group to find in the identity map.
    row = db.session.get(
        LiveState,
        session.id,
        options=[so.joinedload(LiveState.current_item), so.joinedload(LiveState.presenting_group)],
    )
    read[session.id] = row
    return row


def forget_read(_error: BaseException | None = None) -> None:
    """Forget the rows this request read; a teardown handler of every request."""
    g.pop(_READ, None)


def _read_in_request() -> dict[int, LiveState | None]:
    """The request's memo of rows; outside a request (CLI, tasks) nothing is kept."""
    return g.setdefault(_READ, {}) if has_request_context() else {}


def _added_in_session(session_id: int) -> bool:
    """Whether a row for the session was added or loaded since it was found missing."""
    key = db.session.identity_key(LiveState, session_id)
    return key in db.session.identity_map or any(
        isinstance(row, LiveState) and row.session_id == session_id for row in db.session.new
    )


def state_of(session: DesignSession, create: bool = False) -> LiveState:
    """The session's live state; a default one (not stored unless ``create``) before any change.

    With ``create``, call it before changing anything else in the transaction: a lost race
    to create the row rolls the transaction back.
    """
    if not create:
        row = stored_state(session)
        return row if row is not None else _default_state(session)
    # Before a change, look again: another moderator may have created the row meanwhile.
    row = db.session.get(LiveState, session.id)
    if row is None:
        row = _default_state(session)
        db.session.add(row)
        try:
            db.session.flush()
        except IntegrityError:
            # Another moderator's first change created it a moment ago.
            db.session.rollback()
            row = db.session.get(LiveState, session.id)
    _read_in_request()[session.id] = row
    return row


def _default_state(session: DesignSession) -> LiveState:
    """The live state of a session before its first change, not stored."""
    return LiveState(
        session_id=session.id,
        timer_state=TimerState.stopped,
        timer_remaining_ms=0,
        timer_duration_ms=0,
        timer_label="",
    )


def current_item(session: DesignSession) -> AgendaItem | None:
    """The agenda item being run now, if any."""
    row = stored_state(session)
    if row is None or row.current_item_id is None:
        return None
    return db.session.get(AgendaItem, row.current_item_id)


def presenting_group(session: DesignSession) -> CreativeGroup | None:
    """The group presenting now; only during presentations."""
    if session.phase != Phase.presentations:
        return None
    row = stored_state(session)
    if row is None or row.presenting_group_id is None:
        return None
    group = db.session.get(CreativeGroup, row.presenting_group_id)
    return group if group is not None and group.session_id == session.id else None


def timer_of(row: LiveState) -> Timer:
    """The stored timer as timer maths sees it."""
    return Timer(
        state=TimerState(row.timer_state or TimerState.stopped),
        ends_at_ms=row.timer_ends_at_ms,
        remaining_ms=row.timer_remaining_ms or 0,
        duration_ms=row.timer_duration_ms or 0,
        label=row.timer_label or "",
    )


def store_timer(row: LiveState, timer: Timer) -> None:
    """Write a timer into the state row (the caller commits)."""
    row.timer_state = timer.state
    row.timer_ends_at_ms = timer.ends_at_ms
    row.timer_remaining_ms = timer.remaining_ms
    row.timer_duration_ms = timer.duration_ms
    row.timer_label = timer.label[:300]


def phase_label(session: DesignSession, phase: Phase | None = None) -> str:
    """The phase's name in the current locale (each connection's own, see broadcast.now)."""
    return (phase or session.phase).label


#: Agenda items that do not drive a phase of their own once the session runs: a break or an
#: excursion after the survey keeps the phase (and the members' editing rights) as it is
PHASE_KEEPING_KINDS = frozenset({AgendaKind.break_, AgendaKind.other})

#: Phases before the programme starts: "next" offers the first agenda item
_BEFORE_AGENDA = (Phase.draft, Phase.lobby)


def following_item(session: DesignSession) -> AgendaItem | None:
    """The agenda item "Start next item" offers: the one after the current item.

    With no item current (a jump by hand to a phase the agenda has no item for, voting say),
    the programme goes on from where the phase stands in it: after the last item that runs in
    this phase or an earlier one, so after a jump to voting "next" offers what follows the open
    microphone, not the opening. Breaks and "other" items keep the phase they happen in, so
    they mark no place. Before the programme starts (preparation, registration) it is the first
    item; once the session is closed there is none.
    """
    agenda = sorted(session.agenda, key=lambda item: (item.position, item.id))
    current = current_item(session)
    if current is not None:
        key = (current.position, current.id)
        later = [item for item in agenda if (item.position, item.id) > key]
        return later[0] if later else None
    if session.phase == Phase.closed:
        return None
    if session.phase in _BEFORE_AGENDA:
        return agenda[0] if agenda else None
    order = list(Phase)
    reached = order.index(session.phase)
    passed = [
        index
        for index, item in enumerate(agenda)
        if item.kind not in PHASE_KEEPING_KINDS and order.index(item.kind.phase) <= reached
    ]
    start = passed[-1] + 1 if passed else 0
    return agenda[start] if start < len(agenda) else None


def item_payload(item: AgendaItem | None) -> dict[str, Any] | None:
    """An agenda item as the `phase` event carries it."""
    if item is None:
        return None
    return {
        "id": item.id,
        "title": item.title,
        "speaker": item.speaker,
        "credentials": item.speaker_credentials,
        "kind": item.kind.value,
        "starts_at": time_short(item.starts_at),
        "duration_minutes": item.duration_minutes,
    }


def view_key(session: DesignSession) -> str:
    """What a screen shows: changes with the phase, the agenda item and the presenting group."""
    item = current_item(session)
    group = presenting_group(session)
    return f"{session.phase.value}:{item.id if item else ''}:{group.id if group else ''}"


def phase_payload(session: DesignSession) -> dict[str, Any]:
    """The `phase` event of docs/live-protocol.md."""
    group = presenting_group(session)
    return {
        "phase": session.phase.value,
        "label": phase_label(session),
        "agenda_item": item_payload(current_item(session)),
        "presenting_group_id": group.id if group else None,
        "presenting_group": {"id": group.id, "name": group.name} if group else None,
        "view": view_key(session),
    }


def timer_payload(session: DesignSession, now: int | None = None) -> dict[str, Any]:
    """The timer of the `now` event (docs/live-protocol.md), labelled in the current locale."""
    payload = timer_of(state_of(session)).payload(now if now is not None else now_ms())
    # A timer started without an agenda item is for the phase: named in the reader's language.
    if not payload["label"] and payload["state"] != TimerState.stopped:
        payload["label"] = phase_label(session)
    return payload


def now_payload(session: DesignSession, now: int | None = None) -> dict[str, Any]:
    """The whole `now` event: phase, agenda item, next item, presenter and timer, in one."""
    now = now if now is not None else now_ms()
    return phase_payload(session) | {
        "next_item": item_payload(following_item(session)),
        "timer": timer_payload(session, now),
        "server_now_ms": now,
    }


def now_payload_in(session: DesignSession, locale: str, now: int | None = None) -> dict[str, Any]:
    """now_payload with every label in ``locale``."""
    with force_locale(locale):
        return now_payload(session, now)
