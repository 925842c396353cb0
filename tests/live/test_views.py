"""The moderator's live panel, its buttons, the projector view and the participant's page."""

from __future__ import annotations

import re

import pytest

from facilitator.extensions import db
from facilitator.live import phase_control, state
from facilitator.sessions.phases import Phase
from tests.live.conftest import http_client, write_model

PANEL_ROUTES = [
    ("get", "/sessions/{id}/live", {}),
    ("post", "/sessions/{id}/live/phase", {"phase": "talks"}),
    ("post", "/sessions/{id}/live/next", {}),
    ("post", "/sessions/{id}/live/items/{item}/start", {}),
    ("post", "/sessions/{id}/live/timer", {"action": "start", "minutes": "5"}),
    ("post", "/sessions/{id}/live/present", {"step": "1"}),
]


def text(response) -> str:
    """The page without tags and with single spaces, as people read it."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    # Soft hyphens (long words on the projector) are invisible until a line breaks there.
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00ad", "").split())


def go(live, phase: str) -> None:
    """Put the session into a phase the way the moderator would."""
    phase_control.move_to_phase(live.session, Phase(phase), live.owner)


@pytest.mark.parametrize(("method", "path", "data"), PANEL_ROUTES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("participant", 302),
        ("moderator_of_another_session", 404),
        ("co_moderator", None),
    ],
)
def test_the_panel_and_its_buttons_are_for_the_sessions_moderators(
    role, expected, method, path, data, app, live
):
    if path.endswith("/present"):
        go(live, "presentations")
    who = {
        "anonymous": None,
        "participant": live.member,
        "moderator_of_another_session": live.stranger,
        "co_moderator": live.co_moderator,
    }[role]
    url = path.format(id=live.session.id, item=live.items[0].id)
    response = getattr(http_client(app, who), method)(url, data=data)
    if expected == 302:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    elif expected == 404:
        assert response.status_code == 404
    else:
        assert response.status_code == (200 if method == "get" else 302)


def test_phase_buttons_change_the_phase_and_refusals_are_flashed(app, live):
    client = http_client(app, live.owner)
    response = client.post(f"/sessions/{live.session.id}/live/phase", data={"phase": "voting"})
    assert response.headers["Location"].endswith(f"/sessions/{live.session.id}/live")
    db.session.expire_all()
    assert live.session.phase == Phase.voting
    client.post(f"/sessions/{live.session.id}/live/phase", data={"phase": "draft"})
    page = text(client.get(f"/sessions/{live.session.id}/live"))
    assert "вернуть сессию в подготовку нельзя" in page
    assert (
        client.post(
            f"/sessions/{live.session.id}/live/phase", data={"phase": "dancing"}
        ).status_code
        == 400
    )


def test_an_item_of_another_session_is_not_found(app, live, make_session):
    other = make_session(groups=1)
    client = http_client(app, live.owner)
    response = client.post(f"/sessions/{other.id}/live/items/{live.items[0].id}/start")
    assert response.status_code == 404


def test_buttons_need_the_csrf_token(app, live):
    client = http_client(app, live.owner)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/sessions/{live.session.id}/live/next")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    db.session.expire_all()
    assert live.session.phase == Phase.lobby


def test_the_panel_highlights_the_current_item_and_offers_the_next(app, live):
    client = http_client(app, live.owner)
    client.post(f"/sessions/{live.session.id}/live/next")
    client.post(f"/sessions/{live.session.id}/live/timer", data={"action": "pause"})
    html = client.get(f"/sessions/{live.session.id}/live").get_data(as_text=True)
    current = re.search(r'<li class="item is-current" aria-current="step">(.*?)</li>', html, re.S)
    assert current and "Открытие дизайн-сессии" in current.group(1)
    page = text(client.get(f"/sessions/{live.session.id}/live"))
    assert "Начать следующий пункт: 11:10 Профессиональное самоопределение учащихся" in page
    assert "Пауза" in page
    assert 'href="http://localhost/p/' + live.session.projector_token in html


def test_the_timer_button_starts_the_timer_for_the_minutes_given(app, live):
    client = http_client(app, live.owner)
    client.post(f"/sessions/{live.session.id}/live/timer", data={"action": "start", "minutes": "7"})
    timer = state.timer_payload(live.session)
    assert timer["state"] == "running"
    assert timer["duration_ms"] == 7 * 60_000
    response = client.post(
        f"/sessions/{live.session.id}/live/timer", data={"action": "start", "minutes": "0"}
    )
    assert response.status_code == 302
    assert state.timer_payload(live.session)["duration_ms"] == 7 * 60_000


def test_the_dashboard_counts_people_by_group(app, live, make_participant):
    make_participant(live.session, None, full_name="Без группы")
    page = text(http_client(app, live.owner).get(f"/sessions/{live.session.id}/live"))
    assert "3 участника" in page
    assert "1 человек без группы" in page
    assert "Группа 1 1 участник" in page
    assert "Сейчас в модели никого нет" in page


# --- the projector ---------------------------------------------------------------------------


def projector(app, live) -> str:
    """The projector's page as text, fetched without any login."""
    response = app.test_client().get(f"/p/{live.session.projector_token}")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    return text(response)


def test_a_wrong_projector_token_is_not_found(app, live):
    client = app.test_client()
    assert client.get("/p/not-the-token").status_code == 404
    assert client.get(f"/p/{live.session.projector_token}x").status_code == 404
    assert client.get("/p/not-the-token/closing-qr.svg").status_code == 404


def test_the_projector_lobby_shows_the_grouped_code_the_qr_and_counts(app, live):
    code = live.session.join_code
    page = projector(app, live)
    assert f"{code[:3]} {code[3:]}" in page
    assert "Присоединяйтесь к сессии" in page
    assert "2 участника подключились" in page
    html = app.test_client().get(f"/p/{live.session.projector_token}").get_data(as_text=True)
    assert f'src="/s/{code}/qr.svg"' in html


def test_the_projector_shows_the_talk_speaker_and_credentials(app, live, clock):
    phase_control.start_item(live.session, live.items[1], live.owner)
    page = projector(app, live)
    assert "Профессиональное самоопределение учащихся" in page
    assert "Олег Петров" in page
    assert "к.п.н., доцент" in page
    assert "Далее: 11:30 Работа в творческих группах" in page
    assert "20:00" in page


def test_the_projector_shows_each_groups_progress_during_group_work(app, live, clock):
    phase_control.start_item(live.session, live.items[2], live.owner)
    write_model(live.session.groups[0], {"title": "Школа и партнёры", "idea": "Наставники"})
    page = projector(app, live)
    assert "Работа в творческих группах" in page
    total = len(live.session.template.sections)
    assert f"Группа 1 2 /{total}" in page
    assert f"Группа 2 0 /{total}" in page
    assert "1:00:00" in page


def test_the_projector_lays_out_the_presenting_groups_model(app, live):
    group = live.session.groups[0]
    write_model(
        group,
        {"idea": "Наставничество выпускников"},
        rows={"interaction_lines": [{"who": "педагог", "with_whom": "ученик"}]},
    )
    go(live, "presentations")
    page = projector(app, live)
    assert "Группа 1 из 2" in page
    assert "Наставничество выпускников" in page
    assert "Кто: педагог С кем: ученик" in page
    assert "Целевые установки" not in page  # empty sections are left out
    phase_control.present_group(live.session, live.owner, step=1)
    assert "Модель группы пока пуста." in projector(app, live)


@pytest.mark.parametrize(
    ("phase", "shown"),
    [
        ("open_mic", "Открытый микрофон"),
        ("voting", "Проголосуйте в телефоне"),
        ("survey", "0 из 2 ответили"),
        ("closed", "Спасибо за участие!"),
    ],
)
def test_the_projector_follows_every_later_phase(phase, shown, app, live):
    go(live, phase)
    assert shown in projector(app, live)


@pytest.mark.parametrize(
    ("phase", "fits"),
    [("group_work", "data-fit"), ("presentations", "data-pj-pages"), ("talks", "data-fit")],
)
def test_long_screens_shrink_a_little_or_turn_pages_never_scroll(phase, fits, app, live):
    """The projector cannot scroll: a list of every group shrinks slightly (never below 32 px);
    a model turns pages."""
    group = live.session.groups[0]
    write_model(group, {"idea": "Наставничество выпускников " * 40})
    go(live, phase)
    html = app.test_client().get(f"/p/{live.session.projector_token}").get_data(as_text=True)
    assert fits in html


def test_the_closing_qr_leads_to_the_participants_page(app, live):
    go(live, "closed")
    response = app.test_client().get(f"/p/{live.session.projector_token}/closing-qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert f"http://localhost/s/{live.session.join_code}/".encode() in response.data


# --- the participant's page ------------------------------------------------------------------


def home(app, live) -> str:
    """The participant's home page as text."""
    response = http_client(app, live.member).get(f"/s/{live.session.join_code}/")
    assert response.status_code == 200
    return text(response)


def test_a_late_joiner_lands_in_the_current_phase(app, live):
    phase_control.start_item(live.session, live.items[1], live.owner)
    page = home(app, live)
    assert "Сейчас: Выступления" in page
    assert "Олег Петров" in page
    html = http_client(app, live.member).get(f"/s/{live.session.join_code}/").get_data(as_text=True)
    assert 'id="live-config"' in html
    assert "vendor/live.bundle.js" in html


def test_in_group_work_the_phone_shows_a_big_link_to_the_groups_model(app, live):
    go(live, "group_work")
    html = http_client(app, live.member).get(f"/s/{live.session.join_code}/").get_data(as_text=True)
    group = live.member.group
    assert re.search(
        rf'<a class="[^"]*live-big-link[^"]*" href="/w/{group.id}">Открыть нашу модель</a>', html
    )


def test_the_phone_shows_who_presents_and_thanks_at_the_end(app, live):
    go(live, "presentations")
    assert "Сейчас выступает: Группа 1" in home(app, live)
    go(live, "closed")
    page = home(app, live)
    assert "Спасибо за участие!" in page
    assert "Организаторы пришлют вам материалы" in page


def test_the_projector_shows_the_open_microphone_queue_speaker_first(app, live):
    open_mic = pytest.importorskip("facilitator.engagement.mic")
    go(live, "open_mic")
    assert "Пока никто не ждёт своей очереди." in projector(app, live)
    open_mic.raise_hand(live.member, live.session.groups[1].id)
    open_mic.raise_hand(live.other_member)
    open_mic.give_floor(live.session, live.owner)
    page = projector(app, live)
    assert "Выступает Анна Петрова Группа 2 02:00 Следующие в очереди Борис Смирнов" in page


def test_the_projector_counts_votes_and_shows_results_only_when_a_moderator_reveals_them(app, live):
    voting = pytest.importorskip("facilitator.engagement.voting")
    from facilitator.live import reveal

    go(live, "voting")
    voting.set_dots(live.member, live.session.groups[1].id, 2)
    page = projector(app, live)
    assert "1 человек проголосовал, из 2" in page
    assert "Итоги появятся здесь, когда их покажет модератор." in page
    go(live, "survey")
    page = projector(app, live)
    assert "Группа 2 2" not in page and "0 из 2 ответили" in page
    reveal.reveal(live.session, live.owner)
    assert "Результаты голосования Группа 2 2 2 Группа 1 0" in projector(app, live)


def test_the_dashboard_counts_votes_and_survey_answers(app, live):
    voting = pytest.importorskip("facilitator.engagement.voting")
    go(live, "voting")
    voting.set_dots(live.member, live.session.groups[1].id, 1)
    page = text(http_client(app, live.owner).get(f"/sessions/{live.session.id}/live"))
    assert "Голосование Проголосовал 1 человек" in page
    assert "Опрос 0 из 2 ответили" in page


@pytest.mark.parametrize(
    ("phase", "endpoint", "link", "href"),
    [
        ("open_mic", "engagement.mic", "Попросить слово", "/s/{code}/mic"),
        ("voting", "engagement.vote", "Голосовать", "/s/{code}/vote"),
        ("survey", "survey.participant", "Пройти опрос", "/s/{code}/survey"),
    ],
)
def test_the_phone_links_to_the_phases_own_page(phase, endpoint, link, href, app, live):
    if endpoint not in app.view_functions:
        pytest.skip(f"{endpoint} is not installed")
    go(live, phase)
    html = http_client(app, live.member).get(f"/s/{live.session.join_code}/").get_data(as_text=True)
    expected = href.format(code=live.session.join_code)
    assert re.search(rf'<a class="[^"]*live-big-link[^"]*" href="{expected}">{link}</a>', html)


def test_after_answering_the_survey_the_phone_thanks_instead_of_asking_again(app, live):
    survey = pytest.importorskip("facilitator.survey.services")
    from tests.survey.conftest import default_answers

    go(live, "survey")
    survey.submit(live.session, live.member, default_answers(survey.ensure_survey(live.session)))
    response = http_client(app, live.member).get(f"/s/{live.session.join_code}/")
    html, page = response.get_data(as_text=True), text(response)
    assert "Вы уже ответили. Ответы можно изменить, пока анкета открыта." in page
    assert "Расскажите, как прошла сессия" not in page
    href = f"/s/{live.session.join_code}/survey"
    assert re.search(rf'<a class="btn btn-block" href="{href}">Изменить ответы</a>', html)
    # Who has not answered yet is still asked
    other = text(http_client(app, live.other_member).get(f"/s/{live.session.join_code}/"))
    assert "Расскажите, как прошла сессия" in other


def test_other_participant_pages_show_the_live_bar_and_follow(app, live, clock):
    if "engagement.mic" not in app.view_functions:
        pytest.skip("the open microphone page is not installed")
    go(live, "open_mic")
    timer_module = pytest.importorskip("facilitator.live.timer")
    timer_module.control(live.session, "start", live.owner, minutes=15)
    html = (
        http_client(app, live.member).get(f"/s/{live.session.join_code}/mic").get_data(as_text=True)
    )
    assert 'class="live-bar"' in html
    assert "data-live-status" in html
    assert re.search(r'data-live-timer data-state="running">.*?15:00', html, re.S)
    assert '"mode": "notice"' in html
