"""Parsing what clients send on /workspace."""

import pytest

from facilitator.realtime.errors import RealtimeError
from facilitator.realtime.protocol import JoinRequest, PresenceRequest, UpdateRequest, encode


def code_of(parse, *args):
    with pytest.raises(RealtimeError) as caught:
        parse(*args)
    return caught.value.code


def test_join_takes_a_group_and_an_optional_state_vector(app):
    assert JoinRequest.parse({"group_id": 3}) == JoinRequest(3, None)
    assert JoinRequest.parse({"group_id": 3.0, "state_vector": "AA=="}) == JoinRequest(3, b"\0")


@pytest.mark.parametrize(
    "payload",
    [None, [], {"group_id": 0}, {"group_id": -1}, {"group_id": 1.5}, {"group_id": False}],
)
def test_join_without_a_proper_group_id_is_a_bad_request(app, payload):
    assert code_of(JoinRequest.parse, payload) == "bad_request"


def test_update_is_decoded_from_base64(app):
    assert UpdateRequest.parse({"group_id": 1, "update": encode(b"\0\0")}, 10).update == b"\0\0"


def test_update_over_the_limit_is_too_large_before_decoding(app):
    assert code_of(UpdateRequest.parse, {"group_id": 1, "update": "A" * 100}, 10) == "too_large"
    assert code_of(UpdateRequest.parse, {"group_id": 1, "update": encode(b"x" * 11)}, 10) == (
        "too_large"
    )


def test_presence_section_is_a_key_or_null(app):
    assert PresenceRequest.parse({"group_id": 1, "section": None}).section is None
    assert code_of(PresenceRequest.parse, {"group_id": 1, "section": 5}) == "bad_request"
    assert code_of(PresenceRequest.parse, {"group_id": 1, "section": "x" * 65}) == ("bad_request")


def test_a_join_with_bytes_that_are_no_state_vector_is_a_bad_request(app):
    # refused before the group's document row is made
    assert code_of(JoinRequest.parse, {"group_id": 1, "state_vector": encode(b"\xff")}) == (
        "bad_request"
    )
    assert code_of(JoinRequest.parse, {"group_id": 1, "state_vector": encode(b"\0\0")}) == (
        "bad_request"
    )


def test_a_presence_section_that_is_not_printable_is_a_bad_request(app):
    for section in ("\ud800", "a\x00b"):
        assert code_of(PresenceRequest.parse, {"group_id": 1, "section": section}) == (
            "bad_request"
        )
