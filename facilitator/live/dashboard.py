"""What the moderator's dashboard and the projector count: who joined, who is online, answers."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from facilitator.columns import aware
from facilitator.database import count_by
from facilitator.extensions import db
from facilitator.live import sources
from facilitator.realtime import service
from facilitator.realtime.models import GroupDocument
from facilitator.realtime.presence import members
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GroupLine:
    """One creative group on the dashboard."""

    group: CreativeGroup
    members: int
    #: Names of the people in the group's model right now (co-editing presence)
    online: tuple[str, ...]
    #: When the group's model was last changed
    last_activity: dt.datetime | None
    #: {"filled", "total"} of the group's model; empty without co-editing
    progress: dict[str, Any]


@dataclass(frozen=True)
class Dashboard:
    """Everything the moderator's dashboard shows."""

    participants: int
    unassigned: int
    online: int
    groups: tuple[GroupLine, ...]
    votes: sources.VoteCount | None
    survey: sources.SurveyCount | None


def member_counts(session: DesignSession) -> tuple[int, dict[int, int]]:
    """How many attended, and how many of them in each group, counted in the database.

    Pre-registered people who never came are on the door's list, not in the hall's counts."""
    by_group = count_by(
        Participant.group_id, Participant.session_id == session.id, Participant.attended
    )
    return sum(by_group.values()), by_group


def online_participants(session: DesignSession) -> int:
    """Phones online: participants following the session on /live or in a model on /workspace,
    in any server process; a phone on both (one device, one participant) counts once. Only
    people who attended count, as in the participants' count: a pre-registered person who opened
    their invitation at home is not in the hall."""
    watchers = current_app.extensions.get("facilitator_live")
    online = set(watchers.online_participants(session.id)) if watchers else set()
    online |= co_editors(session)
    if not online:
        return 0
    return (
        db.session.scalar(
            sa.select(sa.func.count(Participant.id)).where(
                Participant.session_id == session.id,
                Participant.id.in_(online),
                Participant.attended,
            )
        )
        or 0
    )


def co_editors(session: DesignSession) -> set[int]:
    """Participants in any of the session's models now, from co-editing presence."""
    store = _presence_store()
    if store is None:
        return set()
    found: set[int] = set()
    for group in session.groups:
        try:
            entries = store.entries(group.id)
        except Exception:
            log.exception("Presence of group %s is not available", group.id)
            continue
        found.update(item["id"] for item in entries if item.get("kind") == "participant")
    return found


def _presence_store() -> Any | None:
    state = current_app.extensions.get("facilitator_realtime")
    return getattr(state, "presence", None) if state is not None else None


def counts(session: DesignSession) -> dict[str, Any]:
    """The `counts` event of docs/live-protocol.md."""
    total, by_group = member_counts(session)
    return {
        "participants": total,
        "by_group": {str(group.id): by_group.get(group.id, 0) for group in session.groups},
        "unassigned": by_group.get(None, 0),
        "online": online_participants(session),
    }


def workspace_presence(group: CreativeGroup) -> tuple[str, ...]:
    """Names of the people in the group's model now, from co-editing presence."""
    state = current_app.extensions.get("facilitator_realtime")
    if state is None or getattr(state, "presence", None) is None:
        return ()
    try:
        people = members(state.presence.entries(group.id))
    except Exception:
        log.exception("Presence of group %s is not available", group.id)
        return ()
    return tuple(p["name"] for p in people if p.get("kind") == "participant")


def last_activities(session: DesignSession) -> dict[int, dt.datetime]:
    """When each group's model was last edited, for groups that edited it at all."""
    rows = db.session.execute(
        sa.select(GroupDocument.group_id, GroupDocument.updated_at)
        .join(CreativeGroup, CreativeGroup.id == GroupDocument.group_id)
        .where(CreativeGroup.session_id == session.id, GroupDocument.last_seq > 0)
    )
    return {group_id: aware(at) for group_id, at in rows if at is not None}


def groups_progress(session: DesignSession) -> dict[int, dict[str, Any]]:
    """{"filled", "total"} of each group's model; empty when co-editing is not there."""
    try:
        progress = service.session_progress(session)
    except Exception:
        log.exception("Progress of session %s is not available", session.id)
        return {}
    return {
        group_id: {"filled": found.get("filled", 0), "total": found.get("total", 0)}
        for group_id, found in progress.items()
    }


def dashboard(session: DesignSession) -> Dashboard:
    """Joined, online and active groups, votes and survey answers, for the moderator."""
    total, by_group = member_counts(session)
    activity = last_activities(session)
    progress = groups_progress(session)
    lines = tuple(
        GroupLine(
            group=group,
            members=by_group.get(group.id, 0),
            online=workspace_presence(group),
            last_activity=activity.get(group.id),
            progress=progress.get(group.id, {}),
        )
        for group in session.groups
    )
    return Dashboard(
        participants=total,
        unassigned=by_group.get(None, 0),
        online=online_participants(session),
        groups=lines,
        votes=sources.vote_count(session),
        survey=sources.survey_count(session),
    )
