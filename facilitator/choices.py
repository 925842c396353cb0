"""Enums whose members carry a human name in the interface's language."""

from __future__ import annotations

import enum
from typing import Self

from flask_babel import LazyString


class LabelledEnum(enum.StrEnum):
    """A string enum whose members are declared with their value and a lazily translated name.

    ``draft = "draft", _l("Preparation")``: the member is the string ``"draft"``, and
    ``.label`` gives its name in the current locale.
    """

    def __new__(cls, value: str, label: LazyString) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.lazy_label = label
        return member

    lazy_label: LazyString

    @property
    def label(self) -> str:
        """Human name in the current locale."""
        return str(self.lazy_label)

    @classmethod
    def labels(cls) -> dict[Self, LazyString]:
        """Each member's name, still to be translated: for choices built at import time."""
        return {member: member.lazy_label for member in cls}
