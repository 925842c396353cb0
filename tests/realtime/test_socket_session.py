"""Socket.IO events reuse their connection's session instead of decoding the cookie each time."""

from __future__ import annotations

import pytest
from flask.sessions import SecureCookieSessionInterface

from tests.realtime.conftest import call


def test_events_after_the_first_do_not_decode_the_session_cookie_again(
    workspace, connect, monkeypatch
):
    moderator = connect(workspace.owner)
    decoded = []
    real_open = SecureCookieSessionInterface.open_session

    def counting_open(self, app, request):
        decoded.append(request.path)
        return real_open(self, app, request)

    monkeypatch.setattr(SecureCookieSessionInterface, "open_session", counting_open)
    acks = [call(moderator, "join", {"group_id": workspace.group.id})]
    acks += [
        call(moderator, "presence", {"group_id": workspace.group.id, "section": key})
        for key in ("idea", "goals", "actors", None)
    ]

    assert acks[0]["role"] == "editor" and acks[0]["me"]["kind"] == "moderator"
    assert all(ack["ok"] for ack in acks)
    assert decoded == []


@pytest.mark.parametrize(
    ("headers", "endpoint"),
    [
        ({}, "socketio_transport"),
        ({"Upgrade": "websocket", "Connection": "Upgrade"}, "socketio_websocket"),
    ],
)
def test_socket_event_contexts_match_their_url_without_an_error(app, headers, endpoint):
    path = "/socket.io/?EIO=4&transport=websocket"
    with app.test_request_context(path, headers=headers) as context:
        assert context.request.routing_exception is None
        assert context.request.endpoint == endpoint
