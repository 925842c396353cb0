"""A tour of the projector's screens on the demo session: each stop puts the session where a real
run would be, with the content that screen shows (scripts/projector_screenshots.py, tests)."""

from __future__ import annotations

import datetime as dt

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.live import demo, demo_activity, phase_control, reveal
from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import AgendaKind, Phase

#: The stops, in the order of a session; "reveal" is the voting results revealed
STOPS = (
    "draft",
    "lobby",
    "talks",
    "group_work",
    "presentations",
    "open_mic",
    "voting",
    "reveal",
    "survey",
    "closed",
)


def draft_session(moderator: Moderator) -> DesignSession:
    """A copy of the demo session not started yet (the demo itself has people in it)."""
    session = demo.new_session(moderator, Phase.draft, date=dt.date.today())
    db.session.add(session)
    db.session.commit()
    return session


def _start(session: DesignSession, kind: AgendaKind, by: Moderator, nth: int = 0) -> None:
    items = [item for item in session.agenda if item.kind == kind]
    phase_control.start_item(session, items[min(nth, len(items) - 1)], by)


def visit(session: DesignSession, moderator: Moderator, stop: str) -> None:
    """Bring the demo session to this stop of the tour; stops are visited in STOPS order."""
    if stop == "draft":
        return
    if stop == "lobby":
        demo_activity.add_logos(session, moderator)
        if session.phase != Phase.lobby:
            phase_control.move_to_phase(session, Phase.lobby, moderator)
    elif stop == "talks":
        _start(session, AgendaKind.talk, moderator, nth=0)
    elif stop == "group_work":
        _start(session, AgendaKind.group_work, moderator)
        demo_activity.write_models(session)
    elif stop == "presentations":
        _start(session, AgendaKind.presentations, moderator)
        phase_control.present_group(session, moderator, group=session.groups[0])
    elif stop == "open_mic":
        _start(session, AgendaKind.open_mic, moderator)
        demo_activity.raise_hands(session, moderator)
    elif stop == "voting":
        phase_control.move_to_phase(session, Phase.voting, moderator)
        demo_activity.cast_votes(session)
    elif stop == "reveal":
        reveal.reveal(session, moderator)
    elif stop == "survey":
        _start(session, AgendaKind.survey, moderator)
        demo_activity.answer_survey(session)
    elif stop == "closed":
        phase_control.move_to_phase(session, Phase.closed, moderator)
    else:
        raise ValueError(f"no stop {stop!r} on the tour")
