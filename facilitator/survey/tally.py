"""Counting one question's answers: the one summariser the survey pages, the API and the documents
share, so every place reports the same figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from facilitator.text.numbers import average

#: Kinds as counted: a choice question counts the same whether one or several options are allowed
YES_NO, SCALE, CHOICE, TEXT = "yes_no", "scale", "choice", "text"
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Tally:
    """A question's answers counted: ``counts`` in display order, the top answer, the mean mark."""

    answered: int
    counts: dict[str, int] = field(default_factory=dict)
    #: Answers at the top: the highest mark, «yes», or the most chosen option
    top: int = 0
    top_label: str = ""
    average: Decimal | None = None


def tally(
    kind: str, values: Sequence[object], scale_max: int = 5, options: Sequence[str] = ()
) -> Tally:
    """Count answers already parsed: bools (yes or no), whole marks, options or tuples of them."""
    answered = len(values)
    if kind == YES_NO:
        yes = sum(1 for value in values if value is True)
        return Tally(answered, {YES: yes, NO: answered - yes}, top=yes, top_label=YES)
    if kind == SCALE:
        marks = [int(value) for value in values]  # type: ignore[call-overload]
        counted = Counter(marks)
        counts = {str(mark): counted.get(mark, 0) for mark in range(1, scale_max + 1)}
        for mark in sorted(set(counted) - set(range(1, scale_max + 1))):
            counts[str(mark)] = counted[mark]
        return Tally(
            answered,
            counts,
            top=counted.get(scale_max, 0),
            top_label=str(scale_max),
            average=average(marks),
        )
    if kind == CHOICE:
        chosen: Counter[str] = Counter()
        for value in values:
            # Several options chosen in one answer count once each.
            chosen.update(value if isinstance(value, tuple | list) else (str(value),))
        order = list(options) + sorted(set(chosen) - set(options))
        label, top = chosen.most_common(1)[0] if chosen else ("", 0)
        return Tally(answered, {option: chosen.get(option, 0) for option in order}, top, label)
    return Tally(answered)
