"""The moderator's console: where its links lead, its tabs, and what it offers now and why not."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, ngettext

from facilitator.live import console, phase_control, timer
from facilitator.sessions.phases import Phase
from tests.live.conftest import http_client


def page(app, live, path: str | None = None) -> str:
    """The console (or another session page) as the owner gets it."""
    response = http_client(app, live.owner).get(path or f"/sessions/{live.session.id}/live")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def button(html: str, phase: str) -> str:
    """The opening tag of a phase's button."""
    found = re.search(rf'<button[^>]*id="phase-{phase}"[^>]*>', html, flags=re.S)
    assert found, phase
    return found.group(0)


def test_every_group_name_on_the_console_links_to_its_model(app, live):
    html = page(app, live)
    for group in live.session.groups:
        assert f'href="/w/{group.id}">{group.name}</a>' in html


def test_the_progress_board_is_one_click_from_the_console(app, live):
    html = page(app, live)
    assert html.count(f'href="/w/session/{live.session.id}/progress"') >= 2  # tab, toolbar, board


@pytest.mark.parametrize(
    "path",
    ["/sessions/{id}/live", "/sessions/{id}", "/sessions/{id}/agenda", "/w/session/{id}/progress"],
)
def test_the_session_tabs_are_grouped_by_the_sessions_life(app, live, path):
    html = page(app, live, path.format(id=live.session.id))
    nav = re.search(r'<nav class="session-nav".*?</nav>', html, flags=re.S).group(0)
    titles = re.findall(r'<p class="tab-group-title"[^>]*>([^<]+)</p>', nav)
    assert titles == ["Подготовка", "Проведение", "Итоги"]
    assert ">Пульт</a>" in nav and "Ход сессии" not in nav
    assert len(re.findall(r'aria-current="page"', nav)) == 1


def test_the_progress_board_is_the_current_tab_on_its_own_page(app, live):
    html = page(app, live, f"/w/session/{live.session.id}/progress")
    assert re.search(r'aria-current="page">Ход работы групп<', html)


def test_preparation_is_offered_disabled_with_the_reason_once_people_joined(app, live):
    html = page(app, live)
    tag = button(html, "draft")
    assert "disabled" in tag and 'aria-describedby="phase-draft-why"' in tag
    assert (
        'id="phase-draft-why">Подготовка: Участники уже присоединились, поэтому вернуть '
        "сессию в подготовку нельзя.</p>"
    ) in html


def test_moves_that_are_hard_to_undo_ask_first_and_the_others_do_not(app, live):
    phase_control.move_to_phase(live.session, Phase.presentations, live.owner)
    html = page(app, live)
    assert "data-confirm" not in button(html, "open_mic")
    assert "Группы снова смогут редактировать свои модели" in button(html, "group_work")
    assert "data-confirm" in button(html, "closed")
    assert "aria-current" in button(html, "presentations")


def test_going_back_to_preparation_asks_first_while_nobody_joined(app, moderator, make_session):
    session = make_session(groups=1, phase="lobby")
    buttons = {b.phase: b for b in console.phase_buttons(session)}
    assert buttons[Phase.draft].unavailable is None
    assert "Вернуть сессию в подготовку?" in buttons[Phase.draft].confirm
    overview = http_client(app, moderator).get(f"/sessions/{session.id}").get_data(as_text=True)
    assert 'data-confirm="Вернуть сессию в подготовку?' in overview


def visible(html: str, marker: str) -> bool:
    """Whether the element with ``marker`` in its opening tag is shown."""
    tag = re.search(rf"<[^>]*{re.escape(marker)}[^>]*>", html, flags=re.S).group(0)
    return " hidden" not in tag


def test_the_timer_buttons_show_only_what_applies(app, live):
    html = page(app, live)
    assert visible(html, "live-timer-start")
    assert not visible(html, 'data-timer-when="running"')  # pause
    assert not visible(html, "live-timer-choice")

    timer.control(live.session, "start", live.owner, 5)
    html = page(app, live)
    assert not visible(html, "live-timer-start")
    assert visible(html, 'data-timer-when="running"')  # pause
    assert not visible(html, 'data-timer-when="paused"')  # resume
    # A running timer: the phase change asks what to do with it, keeping it by default.
    assert visible(html, "live-timer-choice")
    assert re.search(r'name="timer" value="keep" checked', html)


def test_a_phase_button_posted_without_javascript_keeps_the_chosen_timer(app, live):
    timer.control(live.session, "start", live.owner, 5)
    http = http_client(app, live.owner)
    response = http.post(
        f"/sessions/{live.session.id}/live/phase",
        data={"phase": "group_work", "timer": "stop"},
        follow_redirects=True,
    )
    # A clear message after the action: where the session stands now.
    assert "Сейчас: Работа в группах — Работа в творческих группах." in response.get_data(
        as_text=True
    )
    from facilitator.extensions import db
    from facilitator.live import state

    db.session.expire_all()
    assert live.session.phase == Phase.group_work
    assert state.timer_payload(live.session)["state"] == "stopped"


@pytest.mark.parametrize(
    ("count", "russian", "english"),
    [
        (1, "1 телефон онлайн", "1 phone online"),
        (3, "3 телефона онлайн", "3 phones online"),
        (12, "12 телефонов онлайн", "12 phones online"),
        (21, "21 телефон онлайн", "21 phones online"),
    ],
)
def test_phones_online_are_counted_with_a_unit_in_both_languages(app, count, russian, english):
    with app.test_request_context():
        with force_locale("ru"):
            assert ngettext("%(num)d phone online", "%(num)d phones online", count) == russian
        with force_locale("en"):
            assert ngettext("%(num)d phone online", "%(num)d phones online", count) == english


def test_the_console_says_how_many_phones_are_online(app, live):
    assert "0 телефонов онлайн" in page(app, live)
