"""What the moderator's console offers now: which phase moves apply, and which ask first."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from facilitator.live import phase_control
from facilitator.realtime.permissions import EDITABLE_PHASES
from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import Phase


@dataclass(frozen=True)
class PhaseButton:
    """One "go to this phase" button of the console."""

    phase: Phase
    label: str
    current: bool
    #: Why the move cannot apply now (the button is disabled and says so); None when it can
    unavailable: str | None = None
    #: The question asked before a move that is hard to undo; None for an ordinary move
    confirm: str | None = None


def editable_phases() -> frozenset[Phase]:
    """Phases in which group members edit their models: co-editing's own rule."""
    return EDITABLE_PHASES


def phase_buttons(session: DesignSession) -> list[PhaseButton]:
    """Every phase as the console shows it: current, unavailable (with why), or to confirm."""
    order = list(phase_control.PHASES)
    here = order.index(session.phase)
    editable = editable_phases()
    buttons = []
    for position, phase in enumerate(order):
        label = phase.label
        if phase == session.phase:
            buttons.append(PhaseButton(phase, label, current=True))
            continue
        if phase == Phase.draft:
            if session.participants:
                reason = _("People have joined, so the session cannot go back to preparation.")
                buttons.append(PhaseButton(phase, label, False, unavailable=reason))
            else:
                question = _(
                    "Return the session to preparation? Nobody can join it until registration "
                    "opens again."
                )
                buttons.append(PhaseButton(phase, label, False, confirm=question))
            continue
        buttons.append(
            PhaseButton(
                phase, label, False, confirm=_question(session, phase, position < here, editable)
            )
        )
    return buttons


def _question(
    session: DesignSession, phase: Phase, backwards: bool, editable: frozenset[Phase]
) -> str | None:
    if phase == Phase.closed:
        return _(
            "Close the session? Participants will see the thanks page, and the join code will "
            "stop working."
        )
    if not backwards:
        return None
    if phase in editable and session.phase not in editable:
        return _(
            "Go back to «%(phase)s»? The groups will be able to edit their models again.",
            phase=phase.label,
        )
    return _(
        "Go back to «%(phase)s»? Every phone and the projector will show it.", phase=phase.label
    )
