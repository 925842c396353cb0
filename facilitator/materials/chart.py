"""The survey chart: the share of top answers per question, as a PNG for the post-release."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.text.numbers import format_number, share


@dataclass(frozen=True)
class Bar:
    """One question's bar: its label and the count of top answers out of those who answered."""

    label: str
    top: int
    answered: int


def render_chart(bars: Sequence[Bar], title: str, language: str = "ru") -> bytes:
    """A horizontal bar chart of shares in percent, labelled in the local number format."""
    # Imported here: matplotlib is heavy and only this function needs it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = ["\n".join(textwrap.wrap(b.label, 48)[:3]) or "—" for b in bars]
    values = [float(share(b.top, b.answered) or 0) for b in bars]
    height = 1.2 + 0.62 * max(len(bars), 1) + 0.12 * sum(label.count("\n") for label in labels)
    figure = Figure(figsize=(7.2, height), dpi=150, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(bars)))[::-1]
    axes.barh(positions, values, color="#1f5fbf", height=0.6)
    axes.set_yticks(positions, labels, fontsize=8.5)
    axes.set_xlim(0, 112)
    sign = "\u00a0%" if language == "ru" else "%"
    ticks = [0, 25, 50, 75, 100]
    axes.set_xticks(ticks, [f"{tick}{sign}" for tick in ticks], fontsize=8)
    for position, value in zip(positions, values, strict=True):
        text = format_number(value, language) + sign
        axes.text(value + 1.5, position, text, va="center", fontsize=9, fontweight="bold")
    figure.suptitle("\n".join(textwrap.wrap(title, 72)), x=0.01, ha="left", fontsize=10.5)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x", color="#d9dde3", linewidth=0.6)
    axes.set_axisbelow(True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
