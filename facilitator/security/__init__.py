"""Web security shared by every page: cookie flags, response headers, local redirects."""

from __future__ import annotations

from flask import Flask


def init_security(app: Flask) -> None:
    """Secure-aware session cookie and the security headers on every response."""
    from facilitator.security.cookies import HttpsAwareSessionInterface
    from facilitator.security.headers import add_security_headers

    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(add_security_headers)
