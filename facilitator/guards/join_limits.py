"""A limit on guessing join codes: wrong codes from one address, never right ones.

Every page that takes a join code (``/join`` and ``/s/<code>/…``, ``/j/<code>``, ``/m/<code>``)
shares one budget per address that only a code matching no session spends. A school hall behind
one NAT whose phones type the right code never spends it; an address that has spent it waits
until the window ends, whatever code it tries, so guessing cannot go on.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _
from flask_limiter import RouteLimit
from flask_login import current_user

from facilitator.extensions import limiter
from facilitator.joining.services import find_session_by_code

#: The addresses of the page where a participant types the code
ENTER_CODE_PATHS = ("/", "/join")
#: The limiter's scope shared by every join-code page
SCOPE = "join-code"


def _limit_value() -> str:
    return current_app.config["JOIN_CODE_FAILURES_LIMIT"]


def _is_enter_code() -> bool:
    return request.url_rule is not None and request.url_rule.rule in ENTER_CODE_PATHS


def _typed_code() -> Any:
    """The code the request asked for: in the URL, or in the /join form."""
    code = (request.view_args or {}).get("code")
    if code is None and _is_enter_code():
        if request.is_json:
            data = request.get_json(silent=True)
            code = data.get("code") if isinstance(data, dict) else None
        else:
            code = request.form.get("code")
    return code


def _is_unknown_code(response) -> bool:
    """Spend the budget only when no session has the code asked for."""
    if not 400 <= response.status_code < 500 or response.status_code == 429:
        return False
    code = _typed_code()
    return isinstance(code, str) and find_session_by_code(code) is None


def _is_exempt() -> bool:
    """The empty start page looks nothing up; a logged-in moderator is not guessing."""
    if _is_enter_code() and request.method != "POST":
        return True
    # The moderator's panel and the projector show the session's QR code from the same hall.
    return bool(getattr(current_user, "is_authenticated", False))


def _message() -> str:
    return _("Too many wrong join codes were typed from your network.")


#: One limit object for the process: the limiter is shared by every app, and an equal limit
#: added again by the next app is the same entry, not a second budget.
JOIN_CODE_LIMIT: RouteLimit = limiter.shared_limit(
    _limit_value,
    scope=SCOPE,
    deduct_when=_is_unknown_code,
    exempt_when=_is_exempt,
    error_message=_message,
)


def join_code_endpoints(app: Flask) -> list[str]:
    """The endpoints whose URL carries a join code, and the page where one is typed."""
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "code" in rule.arguments or rule.rule in ENTER_CODE_PATHS
    }
    return sorted(endpoint for endpoint in endpoints if endpoint in app.view_functions)


def init_join_limits(app: Flask) -> None:
    """Put every join-code page of the app under the shared limit; call after the blueprints."""
    for endpoint in join_code_endpoints(app):
        view = app.view_functions[endpoint]
        if getattr(view, "join_code_limited", False):
            continue
        limited = JOIN_CODE_LIMIT(view)
        limited.join_code_limited = True  # type: ignore[attr-defined]
        app.view_functions[endpoint] = limited
