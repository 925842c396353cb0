"""Exact shares: whole-number arithmetic, rounded half-up to one decimal, formatted per locale.

Organisers print these figures in the post-release («90,9% поставили высший балл»), so 10 of 11
must give 90.9 and never 90.90909 or a float's 90.89999.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_format_percent

#: Two places for averages: 4.55 of 5
AVERAGE_PLACES = Decimal("0.01")


def share(part: int, whole: int) -> Decimal | None:
    """part of whole in percent, rounded half-up to one decimal; None when whole is zero."""
    if whole <= 0:
        return None
    if not 0 <= part <= whole:
        raise ValueError(f"a share needs 0 <= part <= whole, got {part} of {whole}")
    # Tenths of a percent, rounded half-up with integers only: floor((2·1000·part + whole) / 2w).
    tenths = (2000 * part + whole) // (2 * whole)
    return Decimal(tenths).scaleb(-1)


def average(values: list[int]) -> Decimal | None:
    """The mean of whole marks, rounded half-up to two decimals; None for no marks."""
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(
        AVERAGE_PLACES, rounding=ROUND_HALF_UP
    )


def format_percent(value: Decimal, locale: str) -> str:
    """A share as people write it: «90,9 %» (with a no-break space) in Russian, «90.9%» in English.

    Whole numbers lose their decimal: «100 %», not «100,0 %».
    """
    return babel_format_percent(
        value.normalize().scaleb(-2) if value else Decimal(0),
        locale=locale,
        decimal_quantization=False,
    )


def format_number(value: Decimal, locale: str) -> str:
    """An average as people write it: «4,55» in Russian, «4.55» in English."""
    return format_decimal(value, locale=locale, decimal_quantization=False)
