"""SVG icons from the sprite the front-end build makes (static/icons/sprite.svg, Lucide)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import url_for
from markupsafe import Markup, escape

from facilitator.resources import resource_dir

SPRITE = "icons/sprite.svg"


@cache
def sprite_names(path: Path | None = None) -> frozenset[str]:
    """The icon names the sprite holds."""
    text = (path or Path(resource_dir("static")) / SPRITE).read_text(encoding="utf-8")
    return frozenset(re.findall(r'<symbol id="([a-z0-9-]+)"', text))


def icon_sprite_url() -> str:
    """The sprite's URL, for scripts that draw icons."""
    return url_for("static", filename=SPRITE)


def icon(name: str, label: str | None = None, cls: str = "") -> Markup:
    """An inline <svg> using the sprite; decorative unless a label names it for screen readers."""
    if name not in sprite_names():
        raise ValueError(f"no icon {name!r} in static/{SPRITE}: add it to frontend/icons.json")
    classes = escape(f"icon {cls}".strip())
    a11y = f'role="img" aria-label="{escape(label)}"' if label else 'aria-hidden="true"'
    return Markup(
        f'<svg class="{classes}" {a11y} focusable="false">'
        f'<use href="{escape(icon_sprite_url())}#{escape(name)}"></use></svg>'
    )
