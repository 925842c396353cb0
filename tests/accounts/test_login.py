"""Moderator login, logout and the limits on failed attempts, per account and per address."""

import pytest

from tests.conftest import PASSWORD

HALL = {"REMOTE_ADDR": "10.20.0.1"}
ELSEWHERE = {"REMOTE_ADDR": "10.30.0.2"}


@pytest.fixture
def small_limits(app):
    """Limits small enough to reach quickly: 3 failures per account, 5 per address."""
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 3
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 5


def _fail(client, email, environ=HALL):
    response = client.post(
        "/login", data={"email": email, "password": "nope"}, environ_base=environ
    )
    assert response.status_code == 422


def test_login_page_is_russian_by_default(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Вход для модератора" in response.get_data(as_text=True)


def test_moderator_logs_in_with_right_password(client, moderator):
    response = client.post("/login", data={"email": moderator.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sessions/")


def test_wrong_password_shows_error_next_to_field(client, moderator):
    response = client.post("/login", data={"email": moderator.email, "password": "nope"})
    assert response.status_code == 422
    assert "Неверный e-mail или пароль" in response.get_data(as_text=True)


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client, moderator):
    response = client.post("/login", data={"email": "nobody@example.org", "password": "nope"})
    assert response.status_code == 422
    assert "Неверный e-mail или пароль" in response.get_data(as_text=True)


def test_an_unknown_email_still_costs_a_password_hash_check(client, monkeypatch):
    from facilitator.accounts import services

    checked = []
    real = services.check_password_hash
    monkeypatch.setattr(
        services, "check_password_hash", lambda *args: checked.append(args) or real(*args)
    )
    client.post("/login", data={"email": "nobody@example.org", "password": "guess"})
    assert len(checked) == 1
    assert checked[0][1] == "guess"


def test_a_deployment_stores_passwords_as_scrypt_hashes_and_unknown_emails_cost_the_same(app):
    from facilitator.accounts import services
    from facilitator.accounts.models import Moderator
    from facilitator.config import Config

    app.config["PASSWORD_HASH_METHOD"] = Config.PASSWORD_HASH_METHOD
    moderator = Moderator(email="hash@example.org", full_name="Анна Петрова")
    moderator.set_password(PASSWORD)
    assert moderator.password_hash.startswith("scrypt:")
    assert moderator.check_password(PASSWORD)
    assert not moderator.check_password(PASSWORD + " ")
    assert services._dummy_hash(Config.PASSWORD_HASH_METHOD).startswith("scrypt:")


def test_failed_logins_for_one_account_are_limited_from_any_address(
    client, moderator, small_limits
):
    for _ in range(2):
        _fail(client, moderator.email)
    _fail(client, moderator.email.upper(), ELSEWHERE)
    response = client.post(
        "/login", data={"email": moderator.email, "password": PASSWORD}, environ_base=ELSEWHERE
    )
    assert response.status_code == 429
    assert "Слишком много неудачных попыток" in response.get_data(as_text=True)


def test_typos_on_one_account_do_not_lock_out_the_hall(
    client, moderator, make_moderator, small_limits
):
    colleague = make_moderator()
    for _ in range(3):
        _fail(client, moderator.email)
    response = client.post(
        "/login", data={"email": colleague.email, "password": PASSWORD}, environ_base=HALL
    )
    assert response.status_code == 302


def test_failed_logins_from_one_address_are_limited_across_accounts(
    client, moderator, small_limits
):
    for number in range(5):
        _fail(client, f"guess{number}@example.org")
    blocked = client.post(
        "/login", data={"email": moderator.email, "password": PASSWORD}, environ_base=HALL
    )
    assert blocked.status_code == 429
    elsewhere = client.post(
        "/login", data={"email": moderator.email, "password": PASSWORD}, environ_base=ELSEWHERE
    )
    assert elsewhere.status_code == 302


def test_default_limits_are_ten_per_account_and_fifty_per_address_in_fifteen_minutes(app):
    assert app.config["LOGIN_FAILURES_PER_ACCOUNT"] == 10
    assert app.config["LOGIN_FAILURES_PER_ADDRESS"] == 50
    assert app.config["LOGIN_FAILURE_WINDOW_MINUTES"] == 15


def test_successful_logins_do_not_use_up_the_limit(client, moderator):
    for _ in range(8):
        assert (
            client.post("/login", data={"email": moderator.email, "password": PASSWORD}).status_code
            == 302
        )
        client.post("/logout")


def test_pages_need_login(client):
    response = client.get("/sessions/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example",
        "https://evil.example",
        "/%5Cevil.example",
        "/%2F%2Fevil.example",
        "javascript:alert(1)",
    ],
)
def test_open_redirect_is_refused(client, moderator, target):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": moderator.email, "password": PASSWORD},
    )
    assert response.headers["Location"].endswith("/sessions/")


def test_next_inside_the_site_is_followed(client, moderator):
    response = client.post(
        "/login?next=/account/", data={"email": moderator.email, "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/account/")
