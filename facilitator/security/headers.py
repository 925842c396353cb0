"""Security headers on every response: CSP, framing, referrer, and HSTS over HTTPS."""

from __future__ import annotations

import re

from flask import current_app, request
from werkzeug.wrappers import Response

#: A Host header that can go into the policy as it is (name or address, optional port)
_PLAIN_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
#: One year, as browsers' preload lists expect
HSTS_SECONDS = 365 * 24 * 3600


def content_security_policy() -> str:
    """The policy: everything from this site only, no inline script or style, no framing."""
    connect = ["'self'"]
    # CSP3 browsers count same-host ws/wss as 'self'; older Safari needs them named.
    if _PLAIN_HOST.match(request.host):
        connect += [f"ws://{request.host}", f"wss://{request.host}"]
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: blob:",
        "font-src": "'self'",
        "connect-src": " ".join(connect),
        "worker-src": "'self' blob:",
        "manifest-src": "'self'",
        "object-src": "'none'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_security_headers(response: Response) -> Response:
    """Keep pages out of frames, scripts and styles to this site's files, HTTPS sticky."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        seconds = current_app.config.get("HSTS_SECONDS", HSTS_SECONDS)
        headers.setdefault("Strict-Transport-Security", f"max-age={seconds}")
    return response
