"""What the hall's screen adds to each phase's screen: the session's branding, the speaker's
countdown, the vote's count and reveal, the survey's charts."""

from __future__ import annotations

import colorsys
import functools
import hashlib
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from PIL import Image

from facilitator.columns import aware
from facilitator.engagement import mic as open_mic
from facilitator.live import dashboard, reveal, sources, state
from facilitator.sessions.models import DesignSession
from facilitator.sessions.phases import Phase
from facilitator.survey import results as survey_results
from facilitator.survey import services

log = logging.getLogger(__name__)

#: The projector's accent when the session has no coloured logo
DEFAULT_ACCENT = "#5b8cff"
#: Most survey questions the screen pages through (the rest are in the materials)
MAX_CHARTS = 8


@dataclass(frozen=True)
class Logo:
    """A logo as the header band shows it."""

    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Bar:
    """One bar of a survey chart."""

    label: str
    count: int
    #: «64,3 %», or empty when nobody answered
    percent: str
    #: The bar's length as a share of the longest one
    share: float


@dataclass(frozen=True)
class Chart:
    """One survey question's answers as bars."""

    title: str
    answered: int
    bars: tuple[Bar, ...]
    #: «4,6 of 5» for a scale
    average: str = ""


@dataclass(frozen=True)
class Extras:
    """Everything the projector shows besides the phase's own screen."""

    logos: tuple[Logo, ...]
    accent: str
    participants: int
    revealed: bool = False
    results: sources.VotingResults | None = None
    vote_count: sources.VoteCount | None = None
    speaker_ends_ms: int | None = None
    speaker_seconds: int | None = None
    speaker_left_ms: int = 0
    charts: tuple[Chart, ...] = field(default_factory=tuple)


def extras(session: DesignSession) -> Extras:
    """Read what the projector needs now, for the session's phase."""
    phase = session.phase
    total, _by_group = dashboard.member_counts(session)
    found: dict[str, Any] = {
        "logos": tuple(
            Logo(
                url_for("sessions.logo_image", session_id=session.id, logo_id=logo.id),
                logo.width,
                logo.height,
            )
            for logo in session.logos
        ),
        "accent": accent_of(session),
        "participants": total,
    }
    if phase in reveal.REVEAL_PHASES:
        found["revealed"] = reveal.is_revealed(session)
        if found["revealed"]:
            found["results"] = sources.voting_results(session)
    if phase == Phase.voting:
        found["vote_count"] = sources.vote_count(session)
    elif phase == Phase.open_mic:
        found["speaker_ends_ms"], found["speaker_seconds"] = speaker_deadline(session)
        if found["speaker_ends_ms"] is not None:
            found["speaker_left_ms"] = max(0, found["speaker_ends_ms"] - state.now_ms())
    elif phase == Phase.survey:
        found["charts"] = survey_charts(session)
    return Extras(**found)


# --- the session's colour ---------------------------------------------------------------------


def accent_of(session: DesignSession) -> str:
    """The most prominent strong colour of the session's first logo, else the default accent."""
    for logo in session.logos:
        digest = hashlib.sha256(logo.data).hexdigest()
        try:
            return _dominant_colour(digest, logo.data)
        except Exception:
            log.exception("Could not read the colours of logo %s", logo.id)
            return DEFAULT_ACCENT
    return DEFAULT_ACCENT


@functools.lru_cache(maxsize=64)
def _dominant_colour(digest: str, data: bytes) -> str:
    """The logo's most used saturated colour, lightened until it reads on the dark screen."""
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGBA")
        image.thumbnail((96, 96))
        raw = image.tobytes()
    counts: dict[tuple[int, int, int], int] = {}
    for index in range(0, len(raw), 4):
        r, g, b, alpha = raw[index : index + 4]
        if alpha <= 200:
            continue
        hue, light, sat = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
        if sat < 0.35 or not 0.15 < light < 0.85:
            continue  # white, black and greys say nothing about the brand
        key = (round(hue * 24) % 24, round(light * 4), round(sat * 4))
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return DEFAULT_ACCENT
    hue_step, _light, _sat = max(counts, key=counts.__getitem__)
    # One colour per hue bucket, at a lightness and saturation that read well on #0a0f1d.
    r, g, b = colorsys.hls_to_rgb(hue_step / 24, 0.62, 0.85)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


# --- the open microphone ----------------------------------------------------------------------


def speaker_deadline(session: DesignSession) -> tuple[int | None, int | None]:
    """When the current speaker's time ends (ms since the epoch) and how long it was."""
    try:
        speaker = open_mic.queue(session).speaker
        if speaker is None or speaker.floor_until is None:
            return None, None
        until = aware(speaker.floor_until)
        started = aware(speaker.floor_at) if speaker.floor_at else None
        length = int((until - started).total_seconds()) if started else None
        return int(until.timestamp() * 1000), length
    except Exception:
        log.exception("The open microphone of session %s is not available", session.id)
        return None, None


# --- the survey -------------------------------------------------------------------------------


def _percent(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    text = f"{number:.0f}" if number.is_integer() else f"{number:.1f}"
    return text.replace(".", ",") + "\u00a0%"


def survey_charts(session: DesignSession) -> tuple[Chart, ...]:
    """The survey's questions with answers to count, as bar charts; texts stay private."""
    try:
        summary = survey_results.summary(session)
    except Exception:
        log.exception("The survey of session %s is not available", session.id)
        return ()
    charts = []
    labels = {services.YES: _("Yes"), services.NO: _("No")}
    for question in summary.questions:
        if not question.counts or not question.answered:
            continue
        top = max(question.counts.values()) or 1
        bars = tuple(
            Bar(
                labels.get(key, key),
                count,
                _percent(question.percentages.get(key)),
                count / top,
            )
            for key, count in question.counts.items()
        )
        average = ""
        if question.average is not None:
            mark = f"{float(question.average):.1f}".replace(".", ",")
            average = _("%(mark)s of %(top)s", mark=mark, top=question.top_mark)
        charts.append(Chart(question.title, question.answered, bars, average))
    return tuple(charts[:MAX_CHARTS])
