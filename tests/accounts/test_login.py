"""Moderator login, logout and the rate limit on failed attempts."""

from tests.conftest import PASSWORD


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


def test_failed_logins_are_rate_limited(client, moderator):
    for _ in range(5):
        client.post("/login", data={"email": moderator.email, "password": "nope"})
    response = client.post("/login", data={"email": moderator.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Слишком много неудачных попыток" in response.get_data(as_text=True)


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


def test_open_redirect_is_refused(client, moderator):
    response = client.post(
        "/login?next=//evil.example/", data={"email": moderator.email, "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/sessions/")
