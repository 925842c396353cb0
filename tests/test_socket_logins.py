"""A moderator's open sockets end with the login: logout, password change, log out everywhere."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio.test_client import SocketIOTestClient

from facilitator.accounts.models import Moderator, new_session_token
from facilitator.extensions import db, socketio
from facilitator.live.broadcast import NAMESPACE as LIVE
from facilitator.realtime.protocol import NAMESPACE as WORKSPACE
from tests.accounts.helpers import SESSION_COOKIE, cookie, log_in, replay
from tests.conftest import PASSWORD


def open_sockets(app: Flask, device: FlaskClient) -> dict[str, SocketIOTestClient]:
    """A /live and a /workspace connection carrying the device's cookies."""
    return {
        namespace: socketio.test_client(app, namespace=namespace, flask_test_client=device)
        for namespace in (LIVE, WORKSPACE)
    }


def watch(sockets: dict[str, SocketIOTestClient], session_id: int) -> dict[str, dict]:
    """The moderator's first events on each namespace, as their pages send them."""
    return {
        LIVE: sockets[LIVE].emit(
            "watch", {"session_id": session_id}, namespace=LIVE, callback=True
        ),
        WORKSPACE: sockets[WORKSPACE].emit(
            "watch_session", {"session_id": session_id}, namespace=WORKSPACE, callback=True
        ),
    }


def connected(sockets: dict[str, SocketIOTestClient]) -> dict[str, bool]:
    """Which of the connections are still open."""
    return {namespace: client.is_connected(namespace) for namespace, client in sockets.items()}


def test_logout_closes_the_moderators_open_sockets_and_the_old_cookie_opens_none(
    app, moderator, make_session
):
    session = make_session()
    device = log_in(app, moderator, remember=False)
    old_cookie = cookie(device, SESSION_COOKIE)
    sockets = open_sockets(app, device)
    assert all(ack["ok"] for ack in watch(sockets, session.id).values())

    device.post("/logout")

    assert connected(sockets) == {LIVE: False, WORKSPACE: False}
    again = open_sockets(app, replay(app, session=old_cookie))
    assert {ns: ack["code"] for ns, ack in watch(again, session.id).items()} == {
        LIVE: "forbidden",
        WORKSPACE: "forbidden",
    }


def test_a_password_change_closes_the_sockets_of_every_login(app, moderator, make_session):
    session = make_session()
    other = open_sockets(app, log_in(app, moderator))
    here_device = log_in(app, moderator)
    here = open_sockets(app, here_device)
    watch(other, session.id), watch(here, session.id)

    response = here_device.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": "a" * 12, "confirm": "a" * 12},
    )

    assert response.status_code == 302
    assert connected(other) == connected(here) == {LIVE: False, WORKSPACE: False}
    # This browser stays logged in: its pages connect again and go on.
    assert all(ack["ok"] for ack in watch(open_sockets(app, here_device), session.id).values())


def test_log_out_everywhere_from_another_login_closes_these_sockets(
    app, moderator, make_moderator, make_session
):
    session = make_session()
    laptop = open_sockets(app, log_in(app, moderator))
    colleague = make_moderator()
    theirs = open_sockets(app, log_in(app, colleague))
    session.co_moderators.append(colleague)
    db.session.commit()
    watch(laptop, session.id), watch(theirs, session.id)

    response = log_in(app, moderator).post("/account/logout-everywhere")

    assert response.status_code == 302
    assert connected(laptop) == {LIVE: False, WORKSPACE: False}
    assert connected(theirs) == {LIVE: True, WORKSPACE: True}  # another account's stay
    assert all(ack["ok"] for ack in watch(theirs, session.id).values())


def test_an_event_after_a_login_ended_unannounced_is_refused_and_closes_the_socket(
    app, moderator, make_session
):
    session = make_session()
    sockets = open_sockets(app, log_in(app, moderator, remember=False))
    watch(sockets, session.id)
    # As if the announcement were lost: the token changes without it.
    db.session.execute(
        sa.update(Moderator)
        .where(Moderator.id == moderator.id)
        .values(session_token=new_session_token())
    )
    db.session.commit()

    acks = watch(sockets, session.id)

    assert {ns: ack["code"] for ns, ack in acks.items()} == {
        LIVE: "logged_out",
        WORKSPACE: "logged_out",
    }
    assert all(ack["message"] for ack in acks.values())
    assert connected(sockets) == {LIVE: False, WORKSPACE: False}


def test_a_participants_socket_is_not_touched_by_a_moderators_logout(
    app, moderator, make_session, make_participant
):
    session = make_session()
    participant = make_participant(session, session.groups[0], device_id="d" * 32)
    phone = app.test_client()
    phone.set_cookie(app.config["DEVICE_COOKIE_NAME"], participant.device_id)
    sockets = open_sockets(app, phone)

    log_in(app, moderator).post("/logout")

    assert connected(sockets) == {LIVE: True, WORKSPACE: True}
    ack = sockets[LIVE].emit("watch", {"code": session.join_code}, namespace=LIVE, callback=True)
    assert ack["ok"] is True
