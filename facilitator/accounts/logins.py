"""Logins that can be ended: a per-account session token and revocable remember-me cookies.

Flask-Login's session carries `Moderator.get_id()`, the account id and its session token; a
new token (logout, password change, "log out everywhere") makes every session cookie issued
before it worthless. "Remember me" is a row in `remember_logins`; its cookie carries the row's
id and a random secret whose hash the row keeps, so each login has its own cookie and ending
one is deleting its row. Flask-Login's own remember cookie (the account id signed with
SECRET_KEY, the same on every login) is never set.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g, request, session
from flask_login import current_user, login_user, logout_user

from facilitator import signals
from facilitator.accounts.models import Moderator, RememberLogin, new_session_token
from facilitator.columns import aware, utcnow
from facilitator.database import listed
from facilitator.extensions import db
from facilitator.security.cookies import cookie_options, delete_cookie

log = logging.getLogger(__name__)

REMEMBER_COOKIE = "facilitator_remember"
#: Flask-Login's cookie, which older versions set; expired wherever it is still sent
LEGACY_REMEMBER_COOKIE = "remember_token"
#: Key in the session naming the remember-me login this browser came in with
SESSION_LOGIN_KEY = "_remember_login"
#: What this request decided for the remember-me cookie: a value to set, or None to expire it.
#: Kept in the environ, not in `g`, which an app context may share between requests.
_DECISION_KEY = "facilitator.remember_cookie"
#: last_used_at is written at most this often per login
TOUCH_EVERY = timedelta(minutes=5)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def load_moderator(user_id: str) -> Moderator | None:
    """Flask-Login's user loader: the account, if the session's token is still its own."""
    account, _, token = user_id.partition(".")
    if not (account.isascii() and account.isdigit() and len(account) <= 9) or not token:
        return None
    moderator = db.session.get(Moderator, int(account))
    if moderator is None or not hmac.compare_digest(
        moderator.session_token.encode(), token.encode()
    ):
        return None
    return moderator


def _remember_duration() -> timedelta:
    return timedelta(days=current_app.config["REMEMBER_LOGIN_DAYS"])


def find_remember_login(cookie: str | None) -> RememberLogin | None:
    """The live remember-me login a cookie names, if its secret matches and it has not expired."""
    login_id, _, secret = (cookie or "").partition(".")
    # At most 9 digits: a larger number is no row, and PostgreSQL would refuse it as an integer.
    if not (login_id.isascii() and login_id.isdigit() and len(login_id) <= 9):
        return None
    if not secret or len(secret) > 100:
        return None
    login = db.session.get(RememberLogin, int(login_id))
    if login is None or not hmac.compare_digest(login.token_hash, _hash(secret)):
        return None
    if aware(login.created_at) + _remember_duration() < utcnow():
        return None
    return login


def load_from_remember_cookie(_request) -> Moderator | None:
    """Flask-Login's request loader: log a browser back in with its remember-me cookie."""
    cookie = request.cookies.get(REMEMBER_COOKIE)
    if cookie is None:
        return None
    login = find_remember_login(cookie)
    if login is None:
        request.environ[_DECISION_KEY] = None  # revoked or forged: take it off the browser
        return None
    moderator = login.moderator
    session["_user_id"] = moderator.get_id()
    session["_fresh"] = False
    session[SESSION_LOGIN_KEY] = login.id
    if aware(login.last_used_at) + TOUCH_EVERY < utcnow():
        login.last_used_at = utcnow()
        db.session.commit()
    return moderator


def load_login_afresh() -> None:
    """Before each request: check the login again, and use a remember-me cookie early.

    Flask-Login keeps the user in `g`, which an app context outliving one request would carry
    into the next. A remember-me cookie is used before the view runs, so the commit of its
    last use never carries the view's half-done changes.
    """
    g.pop("_login_user", None)
    if REMEMBER_COOKIE in request.cookies and request.endpoint != "static":
        current_user._get_current_object()


def log_in(moderator: Moderator, remember: bool) -> None:
    """Start a login in this browser; with `remember`, a new remember-me login for the device."""
    login_user(moderator, remember=False)
    session.pop(SESSION_LOGIN_KEY, None)
    if remember:
        secret = secrets.token_urlsafe(32)
        login = RememberLogin(
            moderator=moderator,
            token_hash=_hash(secret),
            user_agent=(request.user_agent.string or "")[:255],
        )
        db.session.add(login)
        _drop_expired(moderator)
        db.session.commit()
        session[SESSION_LOGIN_KEY] = login.id
        request.environ[_DECISION_KEY] = f"{login.id}.{secret}"


def _drop_expired(moderator: Moderator) -> None:
    db.session.execute(
        sa.delete(RememberLogin).where(
            RememberLogin.moderator_id == moderator.id,
            RememberLogin.created_at < utcnow() - _remember_duration(),
        )
    )


def this_devices_login(moderator: Moderator) -> RememberLogin | None:
    """The remember-me login of this browser, if it has one of this account."""
    login = find_remember_login(request.cookies.get(REMEMBER_COOKIE))
    if login is None and session.get(SESSION_LOGIN_KEY):
        login = db.session.get(RememberLogin, session[SESSION_LOGIN_KEY])
    return login if login is not None and login.moderator_id == moderator.id else None


def log_out(moderator: Moderator) -> None:
    """End this browser's login and every session cookie of the account.

    Other devices' remember-me logins stay: they start a new session on their next request.
    """
    login = this_devices_login(moderator)
    if login is not None:
        db.session.delete(login)
    moderator.session_token = new_session_token()
    db.session.commit()
    _forget_here()
    announce_revoked(moderator)


def log_out_everywhere(moderator: Moderator) -> int:
    """End every login of the account, remembered or not; return how many were remembered."""
    ended = revoke_all(moderator)
    db.session.commit()
    _forget_here()
    announce_revoked(moderator)
    return ended


def announce_revoked(moderator: Moderator) -> None:
    """After a commit that ended the account's logins: its open connections end too.

    The logins are ended already; if the sockets cannot follow, the error is logged and each
    of their events still finds the login gone.
    """
    try:
        signals.logins_revoked.send(moderator.id)
    except Exception:
        log.exception("Open connections of moderator %s could not be closed", moderator.id)


def revoke_all(moderator: Moderator) -> int:
    """Make every session cookie and remember-me login of the account worthless (no commit)."""
    result = db.session.execute(
        sa.delete(RememberLogin).where(RememberLogin.moderator_id == moderator.id)
    )
    moderator.session_token = new_session_token()
    return result.rowcount or 0


def end_remember_login(moderator: Moderator, login_id: int) -> bool:
    """Revoke one remember-me login of the account; False if there was no such login."""
    result = db.session.execute(
        sa.delete(RememberLogin).where(
            RememberLogin.id == login_id, RememberLogin.moderator_id == moderator.id
        )
    )
    db.session.commit()
    return bool(result.rowcount)


def _forget_here() -> None:
    logout_user()
    # Flask-Login would expire its own remember cookie, which this app never sets.
    session.pop("_remember", None)
    session.pop(SESSION_LOGIN_KEY, None)
    request.environ[_DECISION_KEY] = None


def active_logins(moderator: Moderator) -> list[RememberLogin]:
    """The account's remember-me logins that have not expired, the latest used first."""
    return listed(
        sa.select(RememberLogin)
        .where(
            RememberLogin.moderator_id == moderator.id,
            RememberLogin.created_at >= utcnow() - _remember_duration(),
        )
        .order_by(RememberLogin.last_used_at.desc(), RememberLogin.id.desc())
    )


def write_remember_cookie(response):
    """Set or expire the remember-me cookie as this request decided; expire the legacy one."""
    if LEGACY_REMEMBER_COOKIE in request.cookies:
        delete_cookie(response, LEGACY_REMEMBER_COOKIE)
    if _DECISION_KEY not in request.environ:
        return response
    value = request.environ[_DECISION_KEY]
    if value is None:
        if REMEMBER_COOKIE in request.cookies:
            delete_cookie(response, REMEMBER_COOKIE)
    else:
        max_age = int(_remember_duration().total_seconds())
        response.set_cookie(REMEMBER_COOKIE, value, **cookie_options(max_age))
    return response
