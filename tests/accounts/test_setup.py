"""The first-run setup page and the create-moderator command."""

from __future__ import annotations

from facilitator.accounts.models import Moderator
from facilitator.accounts.setup import issue_setup_token
from facilitator.extensions import db


def test_setup_page_without_token_is_not_found(client):
    assert client.get("/setup").status_code == 404
    assert client.get("/setup?token=guess").status_code == 404


def test_setup_creates_first_moderator_and_retires_token(app, client):
    token = issue_setup_token()
    page = client.get(f"/setup?token={token}")
    assert page.status_code == 200
    response = client.post(
        "/setup",
        data={
            "token": token,
            "full_name": "Ирина Лужецкая",
            "email": "Director@IMC.example",
            "password": "long enough password",
            "confirm": "long enough password",
        },
    )
    assert response.status_code == 302
    assert db.session.query(Moderator).one().email == "director@imc.example"
    assert client.get(f"/setup?token={token}").status_code == 404


def test_setup_shows_mismatched_passwords_next_to_field(app, client):
    token = issue_setup_token()
    response = client.post(
        "/setup",
        data={
            "token": token,
            "full_name": "Ирина",
            "email": "i@example.org",
            "password": "long enough password",
            "confirm": "other password!!",
        },
    )
    assert response.status_code == 422
    assert "Пароли не совпадают" in response.get_data(as_text=True)
    assert db.session.query(Moderator).count() == 0


def test_setup_token_is_useless_once_an_account_exists(app, client, moderator):
    token = issue_setup_token()
    assert client.get(f"/setup?token={token}").status_code == 404
