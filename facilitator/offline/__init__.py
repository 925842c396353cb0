"""Offline-first participant pages: content-hashed asset URLs and the service worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_offline(app: Flask) -> None:
    """Hash static URLs by content, serve /sw.js and mark the pages a phone may keep."""
    from facilitator.offline import assets, views

    app.url_defaults(assets.add_content_hash)
    app.after_request(assets.cache_hashed_assets)
    app.register_blueprint(views.bp)
