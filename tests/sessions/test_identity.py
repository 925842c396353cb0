"""Device ids come only from the server: a planted one is not adopted, old phones keep working."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.joining.identity import sign_device_id
from facilitator.sessions.models import Participant
from tests.sessions.test_joining import COOKIE, registration

PLANTED = "planted-by-someone-else-0123456789"


@pytest.fixture
def app(any_backend_app):
    """These tests run on SQLite and on PostgreSQL."""
    return any_backend_app


def _participants() -> list[Participant]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Participant).order_by(Participant.id)))


def test_a_planted_device_id_is_replaced_at_registration(client, make_session):
    session = make_session()
    client.set_cookie(COOKIE, PLANTED)
    response = client.post(f"/s/{session.join_code}/register", data=registration())
    assert response.status_code == 302
    (participant,) = _participants()
    assert participant.device_id != PLANTED
    assert client.get_cookie(COOKIE).value == sign_device_id(participant.device_id)


def test_the_planter_cannot_open_the_victims_home_with_the_planted_id(app, client, make_session):
    session = make_session()
    client.set_cookie(COOKIE, PLANTED)
    client.post(f"/s/{session.join_code}/register", data=registration())
    attacker = app.test_client()
    attacker.set_cookie(COOKIE, PLANTED)
    response = attacker.get(f"/s/{session.join_code}/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register")


def test_a_forged_signature_is_ignored(client, make_session):
    session = make_session()
    forged = sign_device_id(PLANTED)[:-3] + "xyz"
    client.set_cookie(COOKIE, forged)
    client.post(f"/s/{session.join_code}/register", data=registration())
    assert _participants()[0].device_id != PLANTED


def test_a_cookie_signed_with_another_secret_is_ignored(app, client, make_session):
    session = make_session()
    secret = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another deployment's secret"
    foreign = sign_device_id(PLANTED)
    app.config["SECRET_KEY"] = secret
    client.set_cookie(COOKIE, foreign)
    client.post(f"/s/{session.join_code}/register", data=registration())
    assert _participants()[0].device_id != PLANTED


def test_a_server_issued_id_returns_the_phone_to_its_participant(app, client, make_session):
    session = make_session()
    client.post(f"/s/{session.join_code}/register", data=registration())
    phone_again = app.test_client()
    phone_again.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    response = phone_again.get(f"/s/{session.join_code}/")
    assert response.status_code == 200
    assert "Иванова Мария Петровна" in response.get_data(as_text=True)


def test_an_unsigned_cookie_of_an_existing_participant_still_works_and_is_signed(
    client, make_session, make_participant
):
    session = make_session()
    old_phone = "o" * 43  # set before device cookies were signed
    make_participant(session, group=session.groups[0], device_id=old_phone)
    client.set_cookie(COOKIE, old_phone)
    response = client.get(f"/s/{session.join_code}/")
    assert response.status_code == 200
    assert client.get_cookie(COOKIE).value == sign_device_id(old_phone)
    assert client.get(f"/s/{session.join_code}/").status_code == 200


def test_an_unsigned_cookie_nobody_has_opens_nothing(client, make_session):
    session = make_session()
    client.set_cookie(COOKIE, PLANTED)
    response = client.get(f"/s/{session.join_code}/")
    assert response.status_code == 302
    assert client.get_cookie(COOKIE).value == PLANTED  # not re-issued: it was never ours
