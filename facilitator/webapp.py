"""The web app's identity for phones: favicon, home-screen icons and the web-app manifest."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, send_from_directory
from flask_babel import get_locale
from flask_babel import gettext as _

bp = Blueprint("webapp", __name__)

#: The manifest's id, also how `facilitator doctor` recognises Facilitator on a port
MANIFEST_ID = "/?app=facilitator"
MANIFEST_PATH = "/manifest.webmanifest"

THEME_COLOR = "#1f5fbf"
BACKGROUND_COLOR = "#f6f7f9"
#: Icons keep their names between releases: browsers may keep them for a week
ICON_MAX_AGE = 7 * 24 * 3600
MANIFEST_MAX_AGE = 3600


def _icon(filename: str):
    folder = f"{current_app.static_folder}/icons"
    return send_from_directory(folder, filename, max_age=ICON_MAX_AGE)


@bp.route("/favicon.ico")
def favicon():
    """The tab icon browsers ask for at the site's root (16, 32 and 48 px)."""
    return _icon("favicon.ico")


@bp.route("/apple-touch-icon.png")
def apple_touch_icon():
    """The home-screen icon iOS asks for at the site's root (180 px, full bleed)."""
    return _icon("icon-maskable-180.png")


def icon_entries() -> list[dict[str, str]]:
    """The manifest's icons: any-purpose with rounded corners, maskable full-bleed."""
    from flask import url_for

    def entry(name: str, sizes: str, kind: str, purpose: str) -> dict[str, str]:
        return {
            "src": url_for("static", filename=f"icons/{name}"),
            "sizes": sizes,
            "type": kind,
            "purpose": purpose,
        }

    return [
        entry("icon-192.png", "192x192", "image/png", "any"),
        entry("icon-512.png", "512x512", "image/png", "any"),
        entry("icon-maskable-192.png", "192x192", "image/png", "maskable"),
        entry("icon-maskable-512.png", "512x512", "image/png", "maskable"),
        entry("icon.svg", "any", "image/svg+xml", "any"),
    ]


@bp.route(MANIFEST_PATH)
def manifest():
    """The web-app manifest, in the visitor's language, so "Add to home screen" works."""
    response = jsonify(
        {
            "id": MANIFEST_ID,
            "name": _("Facilitator"),
            "short_name": _("Facilitator"),
            "description": _("Join a design session with the code and work with your group."),
            "lang": str(get_locale()),
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": BACKGROUND_COLOR,
            "theme_color": THEME_COLOR,
            "icons": icon_entries(),
        }
    )
    response.mimetype = "application/manifest+json"
    response.cache_control.max_age = MANIFEST_MAX_AGE
    response.vary.add("Cookie")
    return response
