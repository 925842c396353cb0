"""Placing pre-registered people in groups: from the file's group column, or by organisation."""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from facilitator.door.names import fold, organisation_key
from facilitator.extensions import db
from facilitator.joining.services import lock_groups, member_counts
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

log = logging.getLogger(__name__)

#: Places a group created by an import has at least
NEW_GROUP_CAPACITY = 15
_NUMBER = re.compile(r"^(?:группа|group|гр)?\s*№?\s*(\d{1,3})$")


@dataclass
class GroupPlan:
    """Where the people whose group column names one group go."""

    #: The group's name: the existing group's, or the one that will be created
    name: str
    #: The existing group, None when it will be created
    group_id: int | None
    #: Free places the group has for them
    places: int
    people: int = 0
    #: The spellings of the group in the file («3», «Группа 3»)
    values: list[str] = field(default_factory=list)

    @property
    def created(self) -> bool:
        """Whether the import creates this group."""
        return self.group_id is None

    @property
    def left_out(self) -> int:
        """People who will be imported without a group: the group has no place for them."""
        return max(self.people - self.places, 0)


def _number(value: str) -> int | None:
    match = _NUMBER.match(fold(value))
    return int(match.group(1)) if match else None


def match_group(groups: list[CreativeGroup], value: str) -> CreativeGroup | None:
    """The session's group a file's value names: by name, or by number («3», «Группа 3»)."""
    by_name = {fold(g.name): g for g in groups}
    if fold(value) in by_name:
        return by_name[fold(value)]
    number = _number(value)
    if number is None:
        return None
    for group in groups:
        if _number(group.name) == number:
            return group
    ordered = sorted(groups, key=lambda g: (g.position, g.id))
    return ordered[number - 1] if 0 < number <= len(ordered) else None


def _new_name(session: DesignSession, value: str) -> str:
    number = _number(value)
    if number is None:
        return value
    with force_locale(session.language):
        return _("Group %(number)d", number=number)


def plan_groups(session: DesignSession, values: list[str]) -> list[GroupPlan]:
    """Which group each value of the group column means, and how many places each has."""
    counts = member_counts(session)
    groups = list(session.groups)
    plans: dict[tuple[str, object], GroupPlan] = {}
    for value in values:
        if not value:
            continue
        group = match_group(groups, value)
        if group is not None:
            key: tuple[str, object] = ("group", group.id)
            if key not in plans:
                free = max(group.capacity - counts.get(group.id, 0), 0)
                plans[key] = GroupPlan(group.name, group.id, free)
        else:
            name = _new_name(session, value)
            key = ("new", fold(name))
            plans.setdefault(key, GroupPlan(name, None, 0))
        plan = plans[key]
        plan.people += 1
        if plan.created:
            plan.places = max(NEW_GROUP_CAPACITY, plan.people)
        if value not in plan.values:
            plan.values.append(value)
    return list(plans.values())


class Places:
    """Groups an import fills, by the file's value, with the places left in each."""

    def __init__(self) -> None:
        self.by_value: dict[str, tuple[int, list[int]]] = {}

    def take(self, value: str) -> int | None:
        """The group for this value, taking one of its places; None when there is none."""
        entry = self.by_value.get(fold(value))
        if entry is None or entry[1][0] <= 0:
            return None
        entry[1][0] -= 1
        return entry[0]


def create_planned(session: DesignSession, plans: list[GroupPlan]) -> Places:
    """Create the planned groups (uncommitted), lock the existing ones; the places to fill."""
    existing = [p.group_id for p in plans if p.group_id is not None]
    if existing:
        lock_groups(session, existing)
    counts = member_counts(session)
    places = Places()
    position = max((g.position for g in session.groups), default=-1) + 1
    for plan in plans:
        if plan.group_id is None:
            group = CreativeGroup(
                session_id=session.id, name=plan.name, position=position, capacity=plan.places
            )
            position += 1
            db.session.add(group)
            db.session.flush()
            left = [plan.places]
        else:
            group = db.session.get(CreativeGroup, plan.group_id)
            left = [max(group.capacity - counts.get(group.id, 0), 0)]
        for value in plan.values:
            places.by_value[fold(value)] = (group.id, left)
    return places


def take_place(places: Places, value: str) -> int | None:
    """The group for a person whose group column says ``value``, if it has a place left."""
    return places.take(value) if value else None


@dataclass(frozen=True)
class Spread:
    """What spreading by organisation did."""

    placed: int
    unplaced: int


def spread_by_organisation(session: DesignSession) -> Spread:
    """Place everyone without a group so that colleagues from one organisation are spread.

    The largest organisations go first; each person goes to the group with the fewest of their
    colleagues, then the most free places. Capacity is kept. Commits.
    """
    groups = sorted(lock_groups(session), key=lambda g: (g.position, g.id))
    members = db.session.execute(
        sa.select(Participant.group_id, Participant.organisation).where(
            Participant.session_id == session.id, Participant.group_id.is_not(None)
        )
    ).all()
    colleagues: dict[int, Counter[str]] = defaultdict(Counter)
    for group_id, organisation in members:
        colleagues[group_id][organisation_key(organisation)] += 1
    sizes = {g.id: sum(colleagues[g.id].values()) for g in groups}
    waiting = db.session.scalars(
        sa.select(Participant)
        .where(Participant.session_id == session.id, Participant.group_id.is_(None))
        .order_by(Participant.full_name, Participant.id)
    ).all()
    by_organisation: dict[str, list[Participant]] = defaultdict(list)
    for person in waiting:
        by_organisation[organisation_key(person.organisation)].append(person)
    placed = 0
    for key, people in sorted(by_organisation.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        for person in people:
            open_groups = [g for g in groups if sizes[g.id] < g.capacity]
            if not open_groups:
                break
            best = min(
                open_groups,
                key=lambda g: (colleagues[g.id][key], sizes[g.id] - g.capacity, g.position),
            )
            person.group_id = best.id
            colleagues[best.id][key] += 1
            sizes[best.id] += 1
            placed += 1
    db.session.commit()
    result = Spread(placed=placed, unplaced=len(waiting) - placed)
    log.info("Spread by organisation in session %s: %s", session.id, result)
    return result
