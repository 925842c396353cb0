"""The service worker at /sw.js and the marks on pages a participant's phone may keep."""

from __future__ import annotations

import hashlib
import hmac
import json

from flask import Blueprint, current_app, request
from flask_login import current_user
from werkzeug.wrappers import Response

from facilitator.offline import assets

bp = Blueprint("offline", __name__)

#: The built worker; the app writes the precache list into it when serving it
WORKER_BUNDLE = "vendor/sw.bundle.js"
OFFLINE_HEADER = "X-Facilitator-Offline"
VIEWER_HEADER = "X-Facilitator-Viewer"


@bp.route("/sw.js")
def service_worker() -> Response:
    """The service worker, with the current precache list; scope: the whole app."""
    source = (assets.static_root() / WORKER_BUNDLE).read_text(encoding="utf-8")
    precache = assets.precache(current_app.static_url_path)
    config = {"assets": precache.digest}
    body = source.replace("self.__WB_MANIFEST", json.dumps(precache.manifest), 1).replace(
        "self.__FACILITATOR_OFFLINE__", json.dumps(config), 1
    )
    response = Response(body, mimetype="text/javascript")
    # The browser compares the worker byte by byte on every check: never from an HTTP cache.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


def viewer_tag() -> str:
    """Who the page is for (device cookie and moderator login), as an opaque tag."""
    # The id without its signature: a phone's cookie re-issued signed is the same viewer.
    device = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"], "").split(".", 1)[0]
    moderator = str(current_user.get_id() or "") if current_user else ""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"{device}|{moderator}".encode(), hashlib.sha256).hexdigest()[:16]


def allow_offline(response: Response) -> Response:
    """Mark a participant's page that the service worker may keep for reloading offline."""
    if response.status_code != 200:
        return response
    response.headers[OFFLINE_HEADER] = assets.precache(current_app.static_url_path).digest
    response.headers[VIEWER_HEADER] = viewer_tag()
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def store_name(group_id: int, session_id: int, created: str, person: str) -> str:
    """The IndexedDB database of one person's copy of one group's model.

    A new database (another session created at another time, even with reused ids) never
    meets the copy of an old one.
    """
    epoch = hashlib.sha256(f"{session_id}|{created}".encode()).hexdigest()[:10]
    return f"facilitator-model-{epoch}-{group_id}-{person}"
