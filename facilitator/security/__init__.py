"""Web security shared by every page: cookie flags, response headers, local redirects."""

from __future__ import annotations

from flask import Flask

from facilitator.security.cookies import HttpsAwareSessionInterface
from facilitator.security.headers import add_security_headers


def init_security(app: Flask) -> None:
    """Secure-aware session cookie and the security headers on every response."""
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(add_security_headers)
