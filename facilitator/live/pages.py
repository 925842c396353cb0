"""What the participant's page and the projector show in each phase."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, url_for
from werkzeug.routing import BuildError

from facilitator.hall import links
from facilitator.joining import services as joining
from facilitator.live import console, dashboard, phase_control, sources, state, timer
from facilitator.materials import drafts
from facilitator.realtime import page_data, service
from facilitator.sessions.models import AgendaItem, CreativeGroup, DesignSession, Participant
from facilitator.sessions.phases import Phase
from facilitator.survey import services as survey_service

log = logging.getLogger(__name__)

#: Participants' pages of the engagement and survey packages, by what they are for; a link
#: is left out while its package is not installed
PARTICIPANT_ENDPOINTS: dict[str, str] = {
    "open_mic": "engagement.mic",
    "voting": "engagement.vote",
    "comments": "engagement.models",
    "survey": "survey.participant",
}


def optional_url(endpoint: str, **values: Any) -> str | None:
    """The URL of an endpoint, or None when no such endpoint is registered."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def materials_shared(session: DesignSession) -> bool:
    """Whether the organisers have opened the group materials to participants."""
    try:
        return bool(drafts.shared_with_participants(session))
    except Exception:
        log.exception("Could not tell whether session %s shares its materials", session.id)
        return False


def materials_url(session: DesignSession, external: bool = False) -> str | None:
    """The participants' materials page once the session is closed and materials are shared."""
    if session.phase != Phase.closed or not materials_shared(session):
        return None
    url = optional_url("materials.participant_page", code=session.join_code)
    if url is not None and external:
        url = links.external_url("materials.participant_page", code=session.join_code)
    return url


@dataclass(frozen=True)
class ParticipantNow:
    """The "now" card at the top of a participant's page."""

    session: DesignSession
    phase: Phase
    label: str
    item: AgendaItem | None
    next_item: AgendaItem | None
    timer: dict[str, Any]
    presenting: CreativeGroup | None
    view: str
    links: dict[str, str | None] = field(default_factory=dict)
    model_url: str | None = None
    presenting_url: str | None = None
    #: The participant's group, and whether they may read other groups' models: the page
    #: decides from these whether to link the presenting group's model a `now` message names
    group_id: int | None = None
    may_read_others: bool = False
    #: The model page of any group, "{id}" standing for the group's id
    model_url_pattern: str | None = None
    #: Whether this participant has sent the survey (the card thanks instead of asking)
    survey_answered: bool = False


def participant_now(session: DesignSession, participant: Participant | None) -> ParticipantNow:
    """What the participant should see now: the phase's content and links."""
    phase = session.phase
    item = state.current_item(session)
    presenting = state.presenting_group(session)
    group = participant.group if participant is not None else None
    links = {
        purpose: optional_url(endpoint, code=session.join_code)
        for purpose, endpoint in PARTICIPANT_ENDPOINTS.items()
    }
    links["materials"] = materials_url(session)
    model_url = optional_url("workspace.group_model", group_id=group.id) if group else None
    presenting_url = None
    if presenting is not None and (
        session.others_may_view_models or (group is not None and group.id == presenting.id)
    ):
        presenting_url = optional_url("workspace.group_model", group_id=presenting.id)
    return ParticipantNow(
        session=session,
        phase=phase,
        label=phase.label,
        item=item,
        next_item=phase_control.next_item(session),
        timer=state.timer_payload(session),
        presenting=presenting,
        view=state.view_key(session),
        links=links,
        model_url=model_url,
        presenting_url=presenting_url,
        group_id=group.id if group is not None else None,
        may_read_others=bool(session.others_may_view_models),
        model_url_pattern=model_url_pattern(),
        survey_answered=has_answered_survey(session, participant),
    )


def has_answered_survey(session: DesignSession, participant: Participant | None) -> bool:
    """Whether the participant has sent the session's survey, asked only while it is open."""
    if participant is None or session.phase != Phase.survey:
        return False
    survey = survey_service.find_survey(session)
    return survey is not None and survey_service.response_of(survey, participant) is not None


def model_url_pattern() -> str | None:
    """The address of a group's model with "{id}" for the group's id."""
    url = optional_url("workspace.group_model", group_id=987654321)
    return url.replace("987654321", "{id}") if url else None


# --- the moderator's panel ------------------------------------------------------------------


def moderator_panel(session: DesignSession) -> dict[str, Any]:
    """Everything the moderator's live panel shows."""
    return {
        "session": session,
        "active_tab": "live",
        "phase_buttons": console.phase_buttons(session),
        "phase_labels": {phase.value: phase.label for phase in phase_control.PHASES},
        "current_item": state.current_item(session),
        "next_item": phase_control.next_item(session),
        "presenting": state.presenting_group(session),
        "timer": state.timer_payload(session),
        "default_minutes": timer.default_minutes(session),
        "board": dashboard.dashboard(session),
        "view": state.view_key(session),
        "projector_url": links.external_url("live.projector", token=session.projector_token),
        "progress_url": optional_url("workspace.session_progress", session_id=session.id),
        "model_url_pattern": model_url_pattern(),
    }


# --- the projector ----------------------------------------------------------------------------


def projector_screen(session: DesignSession) -> dict[str, Any]:
    """Everything the projector's screen for the current phase needs."""
    phase = session.phase
    screen: dict[str, Any] = {
        "phase": phase,
        "item": state.current_item(session),
        "timer": state.timer_payload(session),
        "view": state.view_key(session),
        "code": joining.format_join_code(session.join_code),
        "start_url": joining.start_url(),
    }
    if phase == Phase.lobby:
        total, by_group = dashboard.member_counts(session)
        screen |= {
            "participants": total,
            "groups": [(group, by_group.get(group.id, 0)) for group in session.groups],
            "join_url": joining.join_url(session),
        }
    elif phase == Phase.talks:
        screen["next_item"] = phase_control.next_item(session)
    elif phase == Phase.group_work:
        progress = dashboard.groups_progress(session)
        screen["groups"] = [(group, progress.get(group.id, {})) for group in session.groups]
    elif phase == Phase.presentations:
        group = state.presenting_group(session)
        screen |= {
            "group": group,
            "sections": presented_sections(group) if group else [],
            "position": session.groups.index(group) + 1 if group in session.groups else 0,
            "group_count": len(session.groups),
        }
    elif phase == Phase.open_mic:
        screen["queue"] = sources.open_mic_queue(session)
    elif phase == Phase.voting:
        screen["results"] = sources.voting_results(session)
    elif phase == Phase.survey:
        # Voting is over now: the hall sees its results next to the survey's progress.
        screen["survey"] = sources.survey_count(session)
        screen["results"] = sources.voting_results(session)
    elif phase == Phase.closed:
        screen["materials_shared"] = materials_url(session) is not None
    return screen


def presented_sections(group: CreativeGroup) -> list[dict[str, Any]]:
    """The group's model for reading from the back of the hall: filled sections only."""
    try:
        sections = page_data.with_content(
            page_data.template_sections(group.session), service.document_snapshot(group)
        )
    except Exception:
        log.exception("The model of group %s is not available", group.id)
        return []
    shown = []
    for section in sections:
        if section["kind"] == "table":
            rows = [
                row
                for row in section["rows"]
                if any(str(row.get(c["key"], "")).strip() for c in section["columns"])
            ]
            if rows:
                shown.append(section | {"rows": rows})
        elif section["text"].strip():
            shown.append(section)
    return shown


def closing_url(session: DesignSession) -> str:
    """Where the QR code on the closing screen leads: the materials, else the participant home."""
    url = materials_url(session, external=True)
    if url is not None:
        return url
    return links.external_url("join.home", code=session.join_code)
