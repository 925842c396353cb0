"""The socket plumbing: the token bucket that limits a connection's events, and connecting."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.extensions import socketio
from facilitator.live.broadcast import NAMESPACE as LIVE
from facilitator.realtime.protocol import NAMESPACE as WORKSPACE
from facilitator.sockets import TokenBucket
from tests.socket_fuzz import EDGE_NUMBERS, is_clear_refusal, texts, watched_log


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_passes_then_events_wait_for_tokens():
    clock = Clock()
    bucket = TokenBucket(rate=20, burst=60, clock=clock)
    assert all(bucket.take() for _ in range(60))
    assert not bucket.take()
    clock.now += 0.05  # one token at 20 a second
    assert bucket.take()
    assert not bucket.take()


def test_tokens_never_exceed_the_burst():
    clock = Clock()
    bucket = TokenBucket(rate=20, burst=3, clock=clock)
    clock.now += 3600
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]


#: What a CONNECT packet can carry: JSON, never binary attachments (the protocol has none
#: there); an empty string is left out because the test client cannot encode it.
auth_payloads = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(EDGE_NUMBERS)
    | st.floats()
    | texts.filter(bool),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=10,
)


@pytest.mark.parametrize("namespace", [WORKSPACE, LIVE])
def test_any_auth_payload_on_connect_is_accepted_quietly_and_events_still_get_answers(
    app, namespace
):
    # The connect handlers read nobody's word from `auth` (events check who is behind a
    # connection), so junk there must neither crash a handler nor refuse the connection.
    @settings(max_examples=40, derandomize=True, deadline=None)
    @given(auth=auth_payloads)
    def connects(auth):
        with watched_log() as errors:
            client = socketio.test_client(app, namespace=namespace, auth=auth)
            try:
                assert client.is_connected(namespace)
                ack = client.emit("no_such_event", {}, namespace=namespace, callback=True)
            finally:
                client.disconnect(namespace=namespace)
        assert is_clear_refusal(ack) and ack["code"] == "unknown_event"
        assert errors.take() == []

    connects()
