"""Logging in from several "devices" (test clients) and replaying their cookies."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from facilitator.accounts.logins import REMEMBER_COOKIE
from facilitator.accounts.models import Moderator
from tests.conftest import PASSWORD

SESSION_COOKIE = "session"


def log_in(app: Flask, moderator: Moderator, remember: bool = True) -> FlaskClient:
    """A new device logged in as the moderator."""
    device = app.test_client()
    data = {"email": moderator.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = device.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return device


def cookie(device: FlaskClient, name: str) -> str | None:
    """The value of one cookie the device holds."""
    found = device.get_cookie(name)
    return found.value if found else None


def replay(app: Flask, **cookies: str) -> FlaskClient:
    """A fresh device holding only the given cookies (session=..., remember=...)."""
    names = {"session": SESSION_COOKIE, "remember": REMEMBER_COOKIE}
    device = app.test_client()
    for key, value in cookies.items():
        device.set_cookie(names[key], value, domain="localhost")
    return device


def is_logged_in(device: FlaskClient) -> bool:
    """Whether the device opens the moderator's list of sessions."""
    response = device.get("/sessions/")
    assert response.status_code in (200, 302)
    return response.status_code == 200
