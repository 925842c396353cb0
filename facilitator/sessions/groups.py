"""The session's creative groups: names, model topics, capacity and order."""

from __future__ import annotations

import logging
from typing import Any

from flask_babel import ngettext

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions import ordering
from facilitator.sessions.models import CreativeGroup, DesignSession
from facilitator.sessions.preparation import PreparationError

log = logging.getLogger(__name__)

GROUP_FIELDS = ("name", "model_topic", "description", "capacity")
MAX_CAPACITY = 200


def capacity_problem(group: CreativeGroup | None, capacity: int) -> str | None:
    """Why the capacity cannot be set, or None: never below the members the group has."""
    members = len(group.members) if group is not None else 0
    if capacity < members:
        return ngettext(
            "The group already has %(num)d member; the capacity cannot be lower.",
            "The group already has %(num)d members; the capacity cannot be lower.",
            members,
        )
    return None


def add_group(session: DesignSession, values: dict[str, Any], by: Moderator) -> CreativeGroup:
    """Add a creative group at the end of the list."""
    group = CreativeGroup(position=ordering.next_position(session.groups), **_values(values))
    session.groups.append(group)
    db.session.commit()
    log.info("Group %s %r added to session %s by %s", group.id, group.name, session.id, by.email)
    return group


def update_group(group: CreativeGroup, values: dict[str, Any], by: Moderator) -> None:
    """Change a group's name, topic, description or capacity."""
    values = _values(values)
    if "capacity" in values and (problem := capacity_problem(group, values["capacity"])):
        raise PreparationError(problem)
    for name, value in values.items():
        setattr(group, name, value)
    db.session.commit()
    log.info("Group %s of session %s changed by %s", group.id, group.session_id, by.email)


def delete_group(group: CreativeGroup, by: Moderator) -> int:
    """Delete a group; its members stay in the session without a group. Return how many."""
    session = group.session
    members = list(group.members)
    for member in members:
        # A leader of a group that no longer exists leads nothing.
        member.group = None
        member.is_leader = False
    ordering.remove(session.groups, group)
    db.session.commit()
    log.info(
        "Group %s of session %s deleted by %s; %d members left without a group",
        group.id,
        session.id,
        by.email,
        len(members),
    )
    return len(members)


#: Moving groups up or down the list (deleting one also frees its members: delete_group)
order: ordering.Order[CreativeGroup] = ordering.Order(
    siblings=lambda group: group.session.groups,
    label=lambda group: f"Group {group.id} of session {group.session_id}",
)


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return {name: values[name] for name in GROUP_FIELDS if name in values}
