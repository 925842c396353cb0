"""URL converters that only match values the database can hold."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map, ValidationError

from facilitator.database import MAX_ID


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` for ids: ASCII digits up to 2³¹−1; anything larger is no such page (404)."""

    # \d would also match Arabic-Indic and other Unicode digits.
    regex = r"[0-9]+"

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str) -> int:
        """The id; a value with thousands of digits is refused before it is converted."""
        if len(value) > 32:
            raise ValidationError()
        return super().to_python(value)
