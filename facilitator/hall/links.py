"""Absolute links for phones: PUBLIC_URL, else the proxy's host, else the hall address."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

#: Set by `facilitator run --hall`: the URL phones on the venue network open («http://ip:port»)
HALL_URL = "HALL_URL"


def public_base() -> str | None:
    """The base every printed link starts with, or None to use the request's own host.

    PUBLIC_URL wins (a deployment behind a proxy names its address). Behind proxies
    (FACILITATOR_PROXY_HOPS) the forwarded host is what phones reached, so it stays. Served
    for the hall, the address the command printed is on every QR code, even when the moderator
    opened the page as localhost.
    """
    config = current_app.config
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"].rstrip("/")
    if config.get("PROXY_HOPS"):
        return None
    hall_url = config.get(HALL_URL)
    return hall_url.rstrip("/") if hall_url else None


def external_url(endpoint: str, **values) -> str:
    """An absolute link a phone in the hall can open (a path when there is no request to go by)."""
    base = public_base()
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=has_request_context(), **values)
