"""Every cookie the app sets: HttpOnly, SameSite=Lax, and Secure whenever HTTPS is in use."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


def https_in_use() -> bool:
    """Tell whether cookies must be Secure: configured so, or this request came over HTTPS.

    Behind a proxy, ProxyFix (FACILITATOR_PROXY_HOPS) makes X-Forwarded-Proto: https count.
    """
    if current_app.config.get("HTTPS"):
        return True
    return has_request_context() and request.is_secure


def cookie_options(max_age: int | None = None) -> dict[str, Any]:
    """Keyword arguments for `response.set_cookie` that every cookie of the app shares."""
    return {"max_age": max_age, "httponly": True, "samesite": "Lax", "secure": https_in_use()}


def delete_cookie(response, name: str) -> None:
    """Expire a cookie with the same flags it was set with."""
    options = cookie_options()
    del options["max_age"]
    response.delete_cookie(name, **options)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed session cookie, marked Secure on HTTPS requests as well as by config."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """SESSION_COOKIE_SECURE, FACILITATOR_HTTPS, or a request that came over HTTPS."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or https_in_use()
