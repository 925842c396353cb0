"""The design system: icons for templates and the living page of components (/design)."""

from __future__ import annotations

from flask import Flask


def init_design(app: Flask) -> None:
    """Give templates icon(), the hyphenate filter, and register the /design page."""
    from facilitator.design.hyphens import hyphenate
    from facilitator.design.icons import icon, icon_sprite_url
    from facilitator.design.views import bp

    app.jinja_env.globals["icon"] = icon
    app.jinja_env.globals["icon_sprite_url"] = icon_sprite_url
    app.jinja_env.filters["hyphenate"] = hyphenate
    app.register_blueprint(bp)
