"""Dates and times as Russian and English documents write them: «27 марта 2023 года», «11.00»."""

from __future__ import annotations

import datetime as dt

from facilitator.text.numbers import NBSP

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_in_words(value: dt.date, language: str = "ru") -> str:
    """«27 марта 2023 года» or «27 March 2023»."""
    if language == "ru":
        return f"{value.day}{NBSP}{MONTHS_GENITIVE[value.month - 1]} {value.year}{NBSP}года"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def time_of_day(value: dt.time, language: str = "ru") -> str:
    """«11.00» as Russian documents write it, «11:00» in English."""
    separator = "." if language == "ru" else ":"
    return f"{value.hour}{separator}{value.minute:02d}"
