"""Moving agenda items, groups, logos and template sections up and down a list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

Direction = Literal["up", "down"]


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
