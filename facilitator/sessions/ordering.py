"""Moving agenda items, groups, logos and template sections up and down a list."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from facilitator.accounts.models import Moderator
from facilitator.extensions import db

log = logging.getLogger(__name__)

Direction = Literal["up", "down"]
T = TypeVar("T")


def renumber(items: Sequence[Any]) -> None:
    """Give the items positions 0, 1, 2, ... in their current order."""
    for position, item in enumerate(items):
        item.position = position


def remove(items: list[Any], item: Any) -> None:
    """Take the item out of the list and close the gap it leaves."""
    items.remove(item)
    renumber(items)


def move(items: Sequence[Any], item: Any, direction: Direction) -> bool:
    """Swap the item with its neighbour; tell whether anything moved."""
    ordered = list(items)
    index = ordered.index(item)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    renumber(ordered)
    return True


def next_position(items: Sequence[Any]) -> int:
    """The position after the last item."""
    return max((item.position for item in items), default=-1) + 1


@dataclass(frozen=True)
class Order(Generic[T]):
    """How the moderator deletes and moves one kind of ordered thing, saved and logged."""

    #: the list the thing stands in (its session's agenda, its template's sections, ...)
    siblings: Callable[[T], list[T]]
    #: how the log names the thing: «Agenda item 4 of session 2»
    label: Callable[[T], str]

    def delete(self, item: T, by: Moderator) -> None:
        """Take the item out of its list, close the gap and save."""
        # Named before the removal, while its parent is still at hand.
        label = self.label(item)
        remove(self.siblings(item), item)
        db.session.commit()
        log.info("%s deleted by %s", label, by.email)

    def move(self, item: T, direction: Direction, by: Moderator) -> None:
        """Move the item one place up or down its list and save; at either end nothing moves."""
        if move(self.siblings(item), item, direction):
            db.session.commit()
            log.info("%s moved %s by %s", self.label(item), direction, by.email)
