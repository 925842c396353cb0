"""Every panel button that went through says what it did, in the moderator's language, over the
socket as in the form post's flash."""

from __future__ import annotations

import pytest

from facilitator.engagement import voting
from tests.live.conftest import call, http_client
from tests.live.test_views import text

#: (event, payload without the session, the ack's message in Russian, in English), in the order a
#: moderator presses them: each one goes through after the ones before
STEPS = [
    (
        "set_phase",
        {"phase": "talks"},
        "Сейчас: Выступления — Открытие дизайн-сессии.",
        "Now: Talks — Открытие дизайн-сессии.",
    ),
    (
        "next_item",
        {},
        "Сейчас: Выступления — Профессиональное самоопределение учащихся.",
        "Now: Talks — Профессиональное самоопределение учащихся.",
    ),
    ("timer_control", {"action": "pause"}, "Таймер на паузе.", "The timer is paused."),
    ("timer_control", {"action": "resume"}, "Таймер снова идёт.", "The timer is running again."),
    (
        "timer_control",
        {"action": "add_minute"},
        "К таймеру добавлена минута.",
        "A minute was added to the timer.",
    ),
    ("timer_control", {"action": "stop"}, "Таймер остановлен.", "The timer is stopped."),
    (
        "timer_control",
        {"action": "start", "minutes": 5},
        "Таймер запущен.",
        "The timer is running.",
    ),
    (
        "start_item",
        {"item": 3},
        "Сейчас: Презентации — Публичная презентация моделей.",
        "Now: Presentations — Публичная презентация моделей.",
    ),
    (
        "present_group",
        {"step": 1},
        "Сейчас выступает группа «Группа 2».",
        "Now presenting: Группа 2.",
    ),
    (
        "present_group",
        {"group": 0},
        "Сейчас выступает группа «Группа 1».",
        "Now presenting: Группа 1.",
    ),
    (
        "set_phase",
        {"phase": "voting", "timer": "stop"},
        "Сейчас: Голосование — Голосование.",
        "Now: Voting — Голосование.",
    ),
    ("reveal_results", {}, "Итоги на экране.", "The results are on the projector."),
    (
        "reveal_results",
        {"show": False},
        "Экран снова показывает этап.",
        "The projector shows the phase again.",
    ),
]


def payload_of(live, given: dict) -> dict:
    """The step's payload with the session, and its agenda item and group by place."""
    payload = {"session_id": live.session.id}
    for key, value in given.items():
        if key == "item":
            payload["item_id"] = live.items[value].id
        elif key == "group":
            payload["group_id"] = live.session.groups[value].id
        else:
            payload[key] = value
    return payload


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_control_that_went_through_says_what_it_did_in_the_moderators_language(
    locale, live, connect
):
    client = connect(live.owner)
    assert call(client, "watch", {"session_id": live.session.id, "locale": locale})["ok"]
    said = []
    for event, given, russian, english in STEPS:
        ack = call(client, event, payload_of(live, given))
        assert ack["ok"] is True, (event, ack)
        said.append((ack["message"], russian if locale == "ru" else english))
        if given.get("phase") == "voting":
            # Something to reveal next.
            voting.set_dots(live.member, live.session.groups[1].id, 1)
    assert [message for message, _ in said] == [expected for _, expected in said]


def test_the_form_post_flashes_the_same_sentence_as_the_socket_ack(app, live, connect):
    client = connect(live.owner)
    call(client, "watch", {"session_id": live.session.id, "locale": "ru"})
    over_socket = call(client, "next_item", {"session_id": live.session.id})["message"]
    http = http_client(app, live.owner)
    base = f"/sessions/{live.session.id}/live"
    # Back in registration the form post starts the same first item again.
    http.post(f"{base}/phase", data={"phase": "lobby"})
    flashed = text(http.post(f"{base}/next", follow_redirects=True))
    assert over_socket == "Сейчас: Выступления — Открытие дизайн-сессии."
    assert over_socket in flashed
    http.post(f"{base}/items/{live.items[3].id}/start")
    flashed = text(http.post(f"{base}/present", data={"step": "1"}, follow_redirects=True))
    assert "Сейчас выступает группа «Группа 2»." in flashed
