"""What every device hears on /live: the whole "now" in one message, in the device's language."""

from __future__ import annotations

import pytest

from facilitator.extensions import db, socketio
from facilitator.live import phase_control, timer
from facilitator.live.broadcast import NAMESPACE
from facilitator.sessions.phases import Phase
from tests.live.conftest import call, drain, http_client

NOW_KEYS = {
    "phase",
    "label",
    "agenda_item",
    "next_item",
    "presenting_group",
    "presenting_group_id",
    "view",
    "timer",
    "server_now_ms",
}


def watch_phone(connect, live, person=None, **extra):
    """A phone following the session by its code; its acknowledgement's `now`."""
    client = connect(person)
    ack = call(client, "watch", {"code": live.session.join_code, **extra})
    assert ack["ok"], ack
    drain(client)
    return client, ack


def test_an_agenda_step_reaches_every_device_as_one_whole_message(live, connect):
    phone, _ = watch_phone(connect, live, live.member)
    projector, moderator = connect(), connect(live.owner)
    call(projector, "watch", {"projector_token": live.session.projector_token})
    call(moderator, "watch", {"session_id": live.session.id})
    drain(projector), drain(moderator)
    phase_control.start_next_item(live.session, live.owner)
    ack = call(moderator, "next_item", {"session_id": live.session.id})

    for client in (phone, projector, moderator):
        got = drain(client)
        # Nothing arrives in parts: no separate phase or timer events. (The online count of
        # the devices that just connected is gathered and may land in the same window.)
        assert set(got) - {"counts"} == {"now"}
        now = got["now"][-1]
        assert set(now) == NOW_KEYS
        assert now["phase"] == "talks"
        assert now["agenda_item"]["title"] == "Профессиональное самоопределение учащихся"
        assert now["agenda_item"]["speaker"] == "Олег Петров"
        assert now["next_item"]["title"] == "Работа в творческих группах"
        assert now["timer"]["state"] == "running"
        assert now["timer"]["label"] == now["agenda_item"]["title"]
        assert now["timer"]["duration_ms"] == 20 * 60_000
    assert ack["now"]["view"] == now["view"]


def test_each_phone_gets_the_phase_name_in_its_own_language(live, connect):
    russian, _ = watch_phone(connect, live, live.member)
    english, ack = watch_phone(connect, live, live.other_member, locale="en")
    assert ack["locale"] == "en"
    assert ack["now"]["label"] == "Registration"

    phase_control.move_to_phase(live.session, Phase.group_work, live.owner)

    assert [now["label"] for now in drain(russian)["now"]] == ["Работа в группах"]
    assert [now["label"] for now in drain(english)["now"]] == ["Group work"]


def test_a_phone_whose_pages_are_in_english_hears_english_without_saying_so(app, live, connect):
    http = http_client(app, live.member)
    http.get("/?lang=en")  # the language switch keeps the choice in a cookie
    client = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=http)
    try:
        ack = call(client, "watch", {"code": live.session.join_code})
        assert ack["locale"] == "en"
        assert ack["now"]["label"] == "Registration"
    finally:
        client.disconnect(namespace=NAMESPACE)


def test_a_page_language_the_app_does_not_speak_falls_back_to_the_sessions(live, connect):
    _, ack = watch_phone(connect, live, live.member, locale="fr")
    assert ack["locale"] == "ru"
    assert ack["now"]["label"] == "Регистрация"


def test_a_timer_without_an_agenda_item_is_named_after_the_phase_in_each_language(live, connect):
    russian, _ = watch_phone(connect, live, live.member)
    english, _ = watch_phone(connect, live, live.other_member, locale="en")
    timer.control(live.session, "start", live.owner, 5)
    assert drain(russian)["now"][-1]["timer"]["label"] == "Регистрация"
    assert drain(english)["now"][-1]["timer"]["label"] == "Registration"


def test_watching_again_in_another_language_leaves_the_first_languages_room(live, connect):
    phone, _ = watch_phone(connect, live, live.member)
    call(phone, "watch", {"code": live.session.join_code, "locale": "en"})
    drain(phone)
    phase_control.move_to_phase(live.session, Phase.talks, live.owner)
    assert [now["label"] for now in drain(phone)["now"]] == ["Talks"]


@pytest.mark.parametrize(
    ("choice", "state"), [("keep", "running"), ("restart", "running"), ("stop", "stopped")]
)
def test_the_moderator_chooses_what_a_phase_change_does_to_the_timer(choice, state, live, connect):
    moderator = connect(live.owner)
    call(moderator, "watch", {"session_id": live.session.id})
    call(
        moderator, "timer_control", {"session_id": live.session.id, "action": "start", "minutes": 3}
    )
    ack = call(
        moderator,
        "set_phase",
        {"session_id": live.session.id, "phase": "group_work", "timer": choice},
    )
    assert ack["ok"], ack
    assert ack["now"]["timer"]["state"] == state
    if choice == "restart":
        assert ack["now"]["timer"]["duration_ms"] == 60 * 60_000
    if choice == "keep":
        assert ack["now"]["timer"]["duration_ms"] == 3 * 60_000


def test_a_phase_change_without_a_choice_keeps_the_timer_running(live, connect):
    moderator = connect(live.owner)
    call(moderator, "watch", {"session_id": live.session.id})
    call(
        moderator, "timer_control", {"session_id": live.session.id, "action": "start", "minutes": 3}
    )
    ack = call(moderator, "set_phase", {"session_id": live.session.id, "phase": "talks"})
    assert ack["now"]["timer"]["state"] == "running"


@pytest.mark.parametrize("event", ["set_phase", "next_item", "start_item"])
def test_an_unknown_timer_choice_is_a_bad_request_and_changes_nothing(event, live, connect):
    payload = {"session_id": live.session.id, "phase": "talks", "timer": "explode"}
    if event == "start_item":
        payload["item_id"] = live.items[1].id
    ack = call(connect(live.owner), event, payload)
    assert ack["code"] == "bad_request"
    db.session.expire_all()
    assert live.session.phase == Phase.lobby


def test_opening_registration_from_the_overview_reaches_the_phones(
    app, moderator, make_session, connect
):
    session = make_session(groups=1, phase="draft")
    http = http_client(app, moderator)
    phone = connect()
    assert call(phone, "watch", {"code": session.join_code})["ok"]
    drain(phone)
    http.post(f"/sessions/{session.id}/open-registration")
    assert [now["phase"] for now in drain(phone)["now"]] == ["lobby"]
