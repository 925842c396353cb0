"""The tokens the /design page shows, by group (their values live in static/css/tokens.css)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: group key → (title, token names without the leading --)
TOKEN_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "colour": (
        _l("Colour"),
        (
            "color-canvas",
            "color-surface",
            "color-surface-sunken",
            "color-text",
            "color-text-muted",
            "color-line",
            "color-line-strong",
            "color-primary",
            "color-primary-strong",
            "color-primary-soft",
            "color-accent",
            "color-accent-soft",
            "color-success",
            "color-success-soft",
            "color-warning",
            "color-warning-soft",
            "color-danger",
            "color-danger-soft",
            "color-focus",
        ),
    ),
    "type": (
        _l("Type scale"),
        ("fs-4xl", "fs-3xl", "fs-2xl", "fs-xl", "fs-lg", "fs-md", "fs-base", "fs-sm", "fs-xs"),
    ),
    "space": (
        _l("Spacing"),
        ("space-1", "space-2", "space-3", "space-4", "space-5", "space-6", "space-7", "space-8"),
    ),
    "radius": (_l("Radius"), ("radius-sm", "radius-md", "radius-lg", "radius-pill")),
    "elevation": (_l("Elevation"), ("shadow-1", "shadow-2", "shadow-3")),
}
