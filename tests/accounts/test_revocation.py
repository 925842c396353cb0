"""Logins end for real: logout, "log out everywhere" and a new password make old cookies useless."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_login.utils import encode_cookie

from facilitator.accounts.logins import REMEMBER_COOKIE
from facilitator.accounts.models import RememberLogin
from facilitator.extensions import db
from tests.accounts.helpers import SESSION_COOKIE, cookie, is_logged_in, log_in, replay


@pytest.fixture
def app(any_backend_app):
    """These tests run on SQLite and on PostgreSQL."""
    return any_backend_app


def _remember_logins() -> list[RememberLogin]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(RememberLogin).order_by(RememberLogin.id)))


def test_logout_makes_the_old_session_cookie_useless(app, moderator):
    device = log_in(app, moderator, remember=False)
    stolen = cookie(device, SESSION_COOKIE)
    assert is_logged_in(replay(app, session=stolen))
    device.post("/logout")
    assert not is_logged_in(replay(app, session=stolen))


def test_logout_makes_the_old_remember_cookie_useless(app, moderator):
    device = log_in(app, moderator)
    stolen = cookie(device, REMEMBER_COOKIE)
    assert is_logged_in(replay(app, remember=stolen))
    device.post("/logout")
    assert cookie(device, REMEMBER_COOKIE) is None
    assert not is_logged_in(replay(app, remember=stolen))
    assert _remember_logins() == []


def test_remember_cookie_alone_logs_a_device_back_in(app, moderator):
    device = log_in(app, moderator)
    again = replay(app, remember=cookie(device, REMEMBER_COOKIE))
    assert is_logged_in(again)
    assert cookie(again, SESSION_COOKIE)  # a session is started from the remembered login
    assert is_logged_in(replay(app, session=cookie(again, SESSION_COOKIE)))


def test_two_logins_get_different_remember_cookies(app, moderator):
    first = cookie(log_in(app, moderator), REMEMBER_COOKIE)
    second = cookie(log_in(app, moderator), REMEMBER_COOKIE)
    assert first and second and first != second
    assert len(_remember_logins()) == 2


def test_the_database_keeps_no_remember_secret(app, moderator):
    value = cookie(log_in(app, moderator), REMEMBER_COOKIE)
    login_id, secret = value.split(".", 1)
    (login,) = _remember_logins()
    assert str(login.id) == login_id
    assert secret not in login.token_hash


def test_a_remember_cookie_with_a_wrong_secret_is_refused_and_removed(app, moderator):
    value = cookie(log_in(app, moderator), REMEMBER_COOKIE)
    login_id = value.split(".", 1)[0]
    forger = replay(app, remember=f"{login_id}.guessed-secret")
    assert not is_logged_in(forger)
    assert cookie(forger, REMEMBER_COOKIE) is None


def test_logout_on_one_device_keeps_other_remembered_devices(app, moderator):
    phone = log_in(app, moderator)
    laptop = log_in(app, moderator)
    laptop.post("/logout")
    assert is_logged_in(phone)  # its session ended, its remember-me login starts a new one
    assert len(_remember_logins()) == 1


def test_logout_ends_sessions_of_devices_that_are_not_remembered(app, moderator):
    kiosk = log_in(app, moderator, remember=False)
    laptop = log_in(app, moderator)
    laptop.post("/logout")
    assert not is_logged_in(kiosk)


def test_flask_logins_own_remember_cookie_from_before_opens_nothing(app, moderator):
    with app.test_request_context():
        legacy = encode_cookie(str(moderator.id))
    device = app.test_client()
    device.set_cookie("remember_token", legacy, domain="localhost")
    assert not is_logged_in(device)
    assert device.get_cookie("remember_token") is None


def test_password_change_ends_other_logins_and_keeps_this_one(app, moderator):
    other = log_in(app, moderator)
    other_session = cookie(other, SESSION_COOKIE)
    other_remember = cookie(other, REMEMBER_COOKIE)
    here = log_in(app, moderator)
    response = here.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert "Пароль изменён" in here.get(response.headers["Location"]).get_data(as_text=True)
    assert not is_logged_in(replay(app, session=other_session))
    assert not is_logged_in(replay(app, remember=other_remember))
    assert is_logged_in(here)
    assert is_logged_in(replay(app, remember=cookie(here, REMEMBER_COOKIE)))
    assert len(_remember_logins()) == 1


def test_password_change_needs_the_current_password(app, moderator):
    device = log_in(app, moderator)
    response = device.post(
        "/account/password",
        data={"current_password": "wrong", "password": "a" * 12, "confirm": "a" * 12},
    )
    assert response.status_code == 422
    assert "Текущий пароль неверен" in response.get_data(as_text=True)
    db.session.refresh(moderator)
    assert moderator.check_password("correct horse battery")


def test_password_change_refuses_a_mismatched_repeat(app, moderator):
    device = log_in(app, moderator)
    response = device.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "password": "a" * 12,
            "confirm": "b" * 12,
        },
    )
    assert response.status_code == 422
    assert "Пароли не совпадают" in response.get_data(as_text=True)


def test_log_out_everywhere_ends_every_login(app, moderator):
    phone = log_in(app, moderator)
    kiosk = log_in(app, moderator, remember=False)
    here = log_in(app, moderator)
    response = here.post("/account/logout-everywhere")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    for device in (phone, kiosk, here):
        assert not is_logged_in(device)
    assert _remember_logins() == []


def test_forgetting_one_device_ends_only_its_remember_cookie(app, moderator):
    phone = log_in(app, moderator)
    phone_cookie = cookie(phone, REMEMBER_COOKIE)
    laptop = log_in(app, moderator)
    phone_login = _remember_logins()[0]
    response = laptop.post(f"/account/logins/{phone_login.id}/end")
    assert response.status_code == 302
    assert not is_logged_in(replay(app, remember=phone_cookie))
    assert is_logged_in(replay(app, remember=cookie(laptop, REMEMBER_COOKIE)))


def test_a_moderator_cannot_end_another_accounts_login(app, moderator, make_moderator):
    stranger = make_moderator()
    log_in(app, stranger)
    (strangers_login,) = _remember_logins()
    mine = log_in(app, moderator)
    mine.post(f"/account/logins/{strangers_login.id}/end")
    assert len(_remember_logins()) == 2


@pytest.mark.parametrize(
    "value", ["99999999999999999999.secret", "abc.secret", "1", "", "1." + "x" * 500, "١.x"]
)
def test_a_malformed_remember_cookie_is_ignored(app, value):
    device = replay(app, remember=value)
    assert not is_logged_in(device)
