"""The /live handlers through Flask-SocketIO's test client: who may watch and run a session."""

from __future__ import annotations

import time

import pytest

from facilitator.extensions import db
from facilitator.live.broadcast import NAMESPACE, notify_session
from facilitator.sessions.phases import Phase
from tests.live.conftest import call, drain

CONTROLS = {
    # event: payload builder, in an order in which a moderator's every control succeeds
    "timer_control": lambda live: {"session_id": live.session.id, "action": "start", "minutes": 5},
    "start_item": lambda live: {"session_id": live.session.id, "item_id": live.items[2].id},
    "next_item": lambda live: {"session_id": live.session.id},
    "set_phase": lambda live: {"session_id": live.session.id, "phase": "talks"},
}

ROLES = {
    # role: (watch by session id, every control)
    "owner": ("ok", "ok"),
    "co_moderator": ("ok", "ok"),
    "moderator_of_another_session": ("forbidden", "forbidden"),
    "participant": ("forbidden", "forbidden"),
    "anonymous": ("forbidden", "forbidden"),
    "projector": ("forbidden", "forbidden"),
}


def person(role, live):
    """Who connects for a role of the table."""
    return {
        "owner": live.owner,
        "co_moderator": live.co_moderator,
        "moderator_of_another_session": live.stranger,
        "participant": live.member,
        "anonymous": None,
        "projector": None,
    }[role]


def outcome(ack) -> str:
    """What an acknowledgement says in one word."""
    return "ok" if ack.get("ok") else ack["code"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_sessions_moderators_may_run_it(role, live, connect):
    client = connect(person(role, live))
    if role == "projector":
        assert call(client, "watch", {"projector_token": live.session.projector_token})["ok"]
    watch = call(client, "watch", {"session_id": live.session.id})
    controls = {outcome(call(client, event, build(live))) for event, build in CONTROLS.items()}
    assert (outcome(watch), *controls) == ROLES[role]
    db.session.expire_all()
    assert live.session.phase == (Phase.talks if ROLES[role][1] == "ok" else Phase.lobby)


def test_present_group_is_for_moderators_only(live, connect):
    live.session.phase = Phase.presentations
    db.session.commit()
    payload = {"session_id": live.session.id, "step": 1}
    assert outcome(call(connect(live.member), "present_group", payload)) == "forbidden"
    assert outcome(call(connect(live.owner), "present_group", payload)) == "ok"


def test_a_refused_control_says_why_in_the_users_language(live, connect):
    ack = call(
        connect(live.member), "set_phase", {"session_id": live.session.id, "phase": "closed"}
    )
    assert ack == {
        "ok": False,
        "code": "forbidden",
        "message": "Это могут делать только модераторы сессии.",
    }
    ack = call(
        connect(live.owner), "timer_control", {"session_id": live.session.id, "action": "pause"}
    )
    assert ack["code"] == "refused"
    assert ack["message"] == "Таймер не идёт."


def test_anyone_with_the_code_watches_and_a_participant_is_recognised(live, connect):
    visitor = call(connect(), "watch", {"code": live.session.join_code})
    participant = call(
        connect(live.member),
        "watch",
        {"code": f" {live.session.join_code[:3]} {live.session.join_code[3:]}"},
    )
    assert visitor["ok"] and visitor["role"] == "visitor"
    assert participant["role"] == "participant"
    assert participant["now"]["phase"] == "lobby"
    assert participant["now"]["timer"]["state"] == "stopped"
    assert isinstance(participant["server_now_ms"], int)
    assert "counts" not in participant


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"code": "000000"}, "not_found"),
        ({"projector_token": "not-the-token"}, "not_found"),
        ({"session_id": 9999}, "not_found"),
        ({"code": "abc"}, "bad_request"),
        ({}, "bad_request"),
        ("482915", "bad_request"),
        ({"code": "482915", "session_id": 1}, "bad_request"),
        ({"session_id": True}, "bad_request"),
        ({"projector_token": "\ud800"}, "bad_request"),  # no database can encode it
        ({"projector_token": "a\x00b"}, "bad_request"),  # PostgreSQL refuses NUL
    ],
)
def test_a_wrong_watch_is_refused(payload, code, live, connect):
    assert outcome(call(connect(), "watch", payload)) == code


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("set_phase", {"session_id": 1, "phase": "dancing"}),
        ("timer_control", {"session_id": 1, "action": "explode"}),
        ("timer_control", {"session_id": 1, "action": "start", "minutes": -3}),
        ("present_group", {"session_id": 1, "step": 2}),
        ("start_item", {"session_id": 1}),
        ("next_item", None),
    ],
)
def test_malformed_controls_are_bad_requests(event, payload, live, connect):
    assert outcome(call(connect(live.owner), event, payload)) == "bad_request"


def test_an_event_with_more_than_one_payload_is_a_bad_request(live, connect):
    client = connect(live.owner)
    ack = client.emit(
        "watch", {"session_id": live.session.id}, 2, namespace=NAMESPACE, callback=True
    )
    assert outcome(ack) == "bad_request"
    assert call(client, "watch", {"session_id": live.session.id})["ok"] is True


def test_a_moderators_phase_change_reaches_phones_and_the_projector(live, connect):
    phone = connect(live.member)
    visitor = connect()
    projector = connect()
    moderator = connect(live.owner)
    call(phone, "watch", {"code": live.session.join_code})
    call(visitor, "watch", {"code": live.session.join_code})
    projector_ack = call(projector, "watch", {"projector_token": live.session.projector_token})
    call(moderator, "watch", {"session_id": live.session.id})
    assert projector_ack["counts"]["participants"] == 2
    for client in (phone, visitor, projector, moderator):
        drain(client)

    ack = call(moderator, "next_item", {"session_id": live.session.id})

    assert ack["ok"] and ack["now"]["phase"] == "talks"
    for client in (phone, visitor, projector, moderator):
        got = drain(client)
        assert [p["phase"] for p in got["now"]] == ["talks"]
        assert got["now"][0]["agenda_item"]["title"] == "Открытие дизайн-сессии"
        assert got["now"][0]["agenda_item"]["speaker"] == "Мария Иванова"
        assert got["now"][0]["timer"]["state"] == "running"
        timer = got["now"][0]["timer"]
        assert 0 < timer["remaining_ms"] <= 10 * 60_000
        assert timer["ends_at_ms"] - timer["server_now_ms"] == timer["remaining_ms"]


def test_timer_changes_reach_everyone_watching(live, connect):
    phone, moderator = connect(live.member), connect(live.owner)
    call(phone, "watch", {"code": live.session.join_code})
    call(moderator, "watch", {"session_id": live.session.id})
    drain(phone)
    call(
        moderator, "timer_control", {"session_id": live.session.id, "action": "start", "minutes": 3}
    )
    call(moderator, "timer_control", {"session_id": live.session.id, "action": "pause"})
    states = [now["timer"]["state"] for now in drain(phone)["now"]]
    assert states == ["running", "paused"]


def test_the_projector_and_moderators_get_counts_when_a_participant_comes_and_goes(live, connect):
    projector, moderator = connect(), connect(live.owner)
    call(projector, "watch", {"projector_token": live.session.projector_token})
    call(moderator, "watch", {"session_id": live.session.id})
    drain(projector), drain(moderator)

    phone = connect(live.member)
    call(phone, "watch", {"code": live.session.join_code})
    group, other = live.session.groups
    expected = {
        "participants": 2,
        "by_group": {str(group.id): 1, str(other.id): 1},
        "unassigned": 0,
        "online": 1,
    }
    # Counted once for a wave of arrivals, a moment later (live.progress_push).
    assert counts_received(projector) == [expected]
    assert counts_received(moderator) == [expected]
    assert "counts" not in drain(phone)

    phone.disconnect(namespace="/live")
    assert counts_received(projector)[-1]["online"] == 0


def counts_received(client, patience: float = 10.0) -> list[dict]:
    """The `counts` the client got, waiting (a bound, not a measurement) for the first one."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        got = drain(client).get("counts")
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError("no counts")


def test_notify_session_reaches_the_room_or_only_the_moderators(live, connect):
    phone, moderator = connect(live.member), connect(live.owner)
    call(phone, "watch", {"code": live.session.join_code})
    call(moderator, "watch", {"session_id": live.session.id})
    drain(phone), drain(moderator)

    notify_session(live.session.id, "votes", {"total": 3})
    notify_session(live.session.id, "comments", {"new": 1}, moderators_only=True)

    assert drain(phone) == {"votes": [{"total": 3}]}
    assert drain(moderator) == {"votes": [{"total": 3}], "comments": [{"new": 1}]}


def test_watching_another_session_leaves_the_first_ones_room(live, connect, make_session):
    other = make_session(groups=1)
    phone = connect()
    call(phone, "watch", {"code": live.session.join_code})
    call(phone, "watch", {"code": other.join_code})
    drain(phone)
    notify_session(live.session.id, "votes", {})
    notify_session(other.id, "survey", {})
    assert drain(phone) == {"survey": [{}]}


def test_an_unknown_event_gets_an_error(live, connect):
    client = connect()
    ack = call(client, "dance", {})
    assert ack["code"] == "unknown_event"
    assert drain(client)["error"][0]["event"] == "dance"


def test_too_many_events_are_rate_limited(live, connect, app):
    app.config["LIVE_EVENT_BURST"] = 3
    app.config["LIVE_EVENT_RATE"] = 0.001
    client = connect()
    codes = [outcome(call(client, "watch", {"code": live.session.join_code})) for _ in range(5)]
    assert codes == ["ok", "ok", "ok", "rate_limited", "rate_limited"]
