"""The moderator runs the session; a phone and the projector follow it in real Chromium."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.browser.conftest import (
    CHROMIUM_ARGS,
    MODERATOR_EMAIL,
    MODERATOR_PASSWORD,
    moderators_session,
    served_on_sqlite,
)
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.live]

#: Set to a folder to keep screenshots of the projector (1920×1080) and the phone (360 px)
SCREENSHOTS = os.environ.get("FACILITATOR_LIVE_SCREENSHOTS")


@dataclass(frozen=True)
class LiveHall:
    """A running server with a session in registration, its agenda and people."""

    base_url: str
    session_id: int
    join_code: str
    projector_token: str
    device: str


def prepare_hall(instance: Path, database_url: str) -> dict:
    """The schema and a session in the lobby: an agenda, two groups, a member with a model."""
    from facilitator.extensions import db
    from facilitator.realtime.documents import append_update
    from facilitator.realtime.live_document import Author
    from facilitator.sessions.models import AgendaItem, CreativeGroup, Participant
    from tests.live.conftest import AGENDA
    from tests.realtime.replica import Replica, unb64

    with moderators_session(
        instance,
        database_url,
        phase="lobby",
        title="Модели взаимодействия образовательного учреждения с социальными партнёрами",
    ) as session:
        topics = [
            "От идеи к профессиональному проекту",
            "Интеграция образовательных возможностей",
            "Социальная ответственность — успех в любой профессии",
            "От профориентационной диагностики к самоопределению",
            "Сетевое взаимодействие школы и учреждения дополнительного образования",
        ]
        for index, topic in enumerate(topics):
            session.groups.append(
                CreativeGroup(name=f"Группа {index + 1}", model_topic=topic, position=index)
            )
        start = dt.datetime.combine(session.date, session.starts_at)
        for position, (kind, title, speaker, credentials, minutes) in enumerate(AGENDA):
            session.agenda.append(
                AgendaItem(
                    position=position,
                    starts_at=start.time(),
                    duration_minutes=minutes,
                    kind=kind,
                    title=title,
                    speaker=speaker,
                    speaker_credentials=credentials,
                )
            )
            start += dt.timedelta(minutes=minutes)
        device = secrets.token_urlsafe(24)
        names = ["Анна Петрова", "Борис Смирнов", "Вера Козлова", "Глеб Орлов", "Дарья Волкова"]
        for number in range(23):
            session.participants.append(
                Participant(
                    group=session.groups[number % 5],
                    device_id=device if number == 0 else secrets.token_urlsafe(24),
                    full_name=names[number % 5] if number < 5 else f"Участник {number}",
                    organisation="ГБОУ СОШ № 496",
                    position="учитель",
                    city="Московский район",
                    consented_at=dt.datetime.now(dt.UTC),
                )
            )
        db.session.commit()
        replica = Replica()
        replica.type("title", "От идеи к профессиональному проекту")
        replica.type(
            "idea",
            "Сопровождение проектной деятельности обучающихся: наставничество выпускников и "
            "социальных партнёров, развитие навыков нетворкинга.",
        )
        replica.type("goals", "Каждый выпускник 9 класса защищает профессиональный проект.")
        lines = next(s for s in session.template.sections if s.key == "interaction_lines")
        columns = [c["key"] for c in lines.columns]
        for who, whom, form, when in [
            ("педагог", "ученик", "проектная мастерская", "еженедельно"),
            ("выпускник", "ученик", "наставничество", "раз в месяц"),
            ("родитель", "родитель", "клуб профессий", "раз в четверть"),
        ]:
            replica.add_row(
                "interaction_lines",
                columns,
                dict(zip(columns, [who, whom, form, when], strict=False)),
            )
        append_update(
            session.groups[0], unb64(replica.take()), Author("moderator", session.owner_id)
        )
        return {
            "session_id": session.id,
            "join_code": session.join_code,
            "projector_token": session.projector_token,
            "device": device,
        }


@pytest.fixture
def live_hall(tmp_path) -> Iterator[LiveHall]:
    """`facilitator run` in a subprocess on SQLite with the hall's session."""
    with served_on_sqlite(tmp_path, prepare_hall) as (base_url, data):
        yield LiveHall(base_url=base_url, **data)


async def shot(page: Page, name: str) -> None:
    """Keep a screenshot when FACILITATOR_LIVE_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


async def connected(page: Page) -> None:
    """Wait until the page's live indicator says it follows the session."""
    await expect(page.locator("[data-live-status]").first).to_have_attribute(
        "data-state", "connected"
    )


async def open_pages(
    browser: Browser, hall: LiveHall, questions: list[str]
) -> tuple[Page, Page, Page]:
    """The moderator's panel (laptop), a participant's phone (360 px) and the projector."""
    moderator = await (
        await browser.new_context(viewport={"width": 1440, "height": 900}, locale="ru-RU")
    ).new_page()

    async def answer(dialog) -> None:
        questions.append(dialog.message)
        await dialog.accept()

    moderator.on("dialog", answer)
    await moderator.goto(f"{hall.base_url}/login")
    await moderator.fill("input[name=email]", MODERATOR_EMAIL)
    await moderator.fill("input[name=password]", MODERATOR_PASSWORD)
    await moderator.click("button[type=submit]")
    await moderator.goto(f"{hall.base_url}/sessions/{hall.session_id}/live")

    phone_context = await browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    await phone_context.add_cookies(
        [{"name": "facilitator_device", "value": hall.device, "url": hall.base_url}]
    )
    phone = await phone_context.new_page()
    await phone.goto(f"{hall.base_url}/s/{hall.join_code}/")

    projector = await (
        await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ru-RU")
    ).new_page()
    await projector.goto(f"{hall.base_url}/p/{hall.projector_token}")
    for page in (moderator, phone, projector):
        await connected(page)
    # Marks that vanish on a reload: the pages must follow without one.
    for page in (phone, projector):
        await page.evaluate("window.__noReload = true")
    return moderator, phone, projector


async def not_reloaded(*pages: Page) -> None:
    """The pages still are the documents they were: they followed without a reload."""
    for page in pages:
        assert await page.evaluate("window.__noReload === true")


def test_the_phone_and_the_projector_follow_the_moderator_without_reloading(
    live_hall: LiveHall,
):
    hall = live_hall

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            questions: list[str] = []
            moderator, phone, projector = await open_pages(browser, hall, questions)
            code = f"{hall.join_code[:3]} {hall.join_code[3:]}"
            await expect(projector.locator(".pj-code")).to_have_text(code)
            await expect(projector.locator(".pj-joined")).to_have_text("23 участника подключились")
            await shot(projector, "projector-1-lobby")
            await shot(phone, "phone-1-lobby")

            # "Start next item" with the keyboard: the opening, then the talk.
            await moderator.keyboard.press("n")
            await expect(projector.locator(".pj-talk h1")).to_have_text(
                hyphenated("Открытие дизайн-сессии")
            )
            await moderator.locator("#live-next").click()
            await expect(projector.locator(".pj-speaker")).to_have_text("Олег Петров")
            await expect(projector.locator(".pj-credentials")).to_have_text("к.п.н., доцент")
            await expect(phone.locator(".live-now")).to_contain_text("Олег Петров")
            await expect(phone.locator("[data-live-phase-label]")).to_have_text("Выступления")
            # The talk's timer runs on both, counting down from 20 minutes.
            for page in (phone, projector):
                clock = page.locator("[data-live-timer] [data-timer-clock]").first
                await expect(clock).to_have_text(_re(r"^(20:00|19:[0-5]\d)$"))
            await shot(projector, "projector-2-talk")
            await shot(phone, "phone-2-talk")
            await moderator.screenshot(
                path=str(Path(SCREENSHOTS) / "moderator-talk.png"), full_page=True
            ) if SCREENSHOTS else None

            # The end cue: let the pages' server clock run 21 minutes ahead.
            for page in (phone, projector):
                await page.evaluate("window.facilitatorLive.clock.offset += 21 * 60 * 1000")
                timer = page.locator("[data-live-timer]").first
                await expect(timer).to_have_attribute("data-state", "up")
                await expect(timer.locator("[data-timer-note]")).to_have_text("Время вышло")
                await expect(timer.locator("[data-timer-clock]")).to_have_text("00:00")
            await shot(projector, "projector-2b-time-up")
            await shot(phone, "phone-2b-time-up")

            # Pause: both show it; a minute more; then the moderator sets a 1-minute timer.
            await moderator.keyboard.press("p")
            for page in (phone, projector):
                await expect(page.locator("[data-live-timer]").first).to_have_attribute(
                    "data-state", "paused"
                )
                await expect(page.locator("[data-timer-note]").first).to_have_text("Пауза")

            # Group work: the phone offers the group's model, the projector each group's bar.
            await moderator.locator("#live-next").click()
            await expect(phone.locator(".live-big-link:visible")).to_have_text(
                "Открыть нашу модель"
            )
            await expect(projector.locator(".pj-group-card")).to_have_count(5)
            await expect(projector.locator(".pj-group-card").first).to_contain_text("Группа 1")
            await expect(projector.locator(".pj-timer-huge [data-timer-clock]")).to_have_text(
                _re(r"^(1:00:00|59:[0-5]\d)$")
            )
            await shot(projector, "projector-3-group-work")
            await shot(phone, "phone-3-group-work")

            # Presentations: group 1's model on the projector; → shows group 2.
            await moderator.locator("#phase-presentations").click()
            await expect(projector.locator(".pj-model-head h1")).to_have_text("Группа 1")
            await expect(projector.locator(".pj-model-body")).to_contain_text(
                hyphenated("наставничество", whole=False)
            )
            await expect(phone.locator(".live-now")).to_contain_text("Сейчас выступает: Группа 1")
            await shot(projector, "projector-4-presentations")
            # The console shows the presenting group's buttons once it re-rendered.
            await expect(moderator.locator("[data-key-action=next_group]")).to_be_visible()
            await moderator.keyboard.press("ArrowRight")
            await expect(projector.locator(".pj-model-head h1")).to_have_text("Группа 2")

            # The open microphone's own page follows too: a notice when the session moves on.
            await moderator.locator("#phase-open_mic").click()
            await expect(projector.locator(".pj-openmic h1")).to_have_text("Открытый микрофон")
            mic = await phone.context.new_page()
            await mic.goto(f"{hall.base_url}/s/{hall.join_code}/mic")
            await connected(mic)
            await shot(mic, "phone-4-open-mic-page")

            # A one-minute timer on a skipped-to phase; the survey; closing after confirming.
            # The group work's timer still runs: the moderator stops it with the phase change.
            await moderator.locator("input[name=timer][value=stop]").check()
            await moderator.locator("#phase-survey").click()
            await expect(mic.locator("[data-live-notice]")).to_be_visible()
            await expect(mic.locator("[data-live-notice-text]")).to_have_text(
                "Сессия перешла к следующему этапу: Опрос."
            )
            await expect(projector.locator(".pj-survey h1")).to_have_text("Как прошла сессия?")
            await expect(phone.locator("[data-live-phase-label]")).to_have_text("Опрос")
            await moderator.fill("#timer-minutes", "1")
            await moderator.locator(".live-timer-start button").click()
            for page in (phone, projector):
                timer = page.locator("[data-live-timer]").first
                await expect(timer).to_have_attribute("data-state", "running")
                await expect(timer).to_be_visible()
                await expect(timer.locator("[data-timer-clock]")).to_have_text(
                    _re(r"^(01:00|00:[0-5]\d)$")
                )
            await expect(phone.locator(".live-now")).to_contain_text("Расскажите, как прошла")
            await shot(projector, "projector-5-survey")
            await shot(phone, "phone-5-survey")
            await shot(mic, "phone-5b-open-mic-page-moved-on")
            await moderator.locator("#phase-closed").click()
            await expect(moderator.locator(".session-head .badge")).to_have_text("Завершена")
            assert questions == [
                "Завершить сессию? Участники увидят страницу с благодарностью, а код для входа "
                "перестанет действовать."
            ]
            await expect(projector.locator(".pj-closing h1")).to_have_text("Спасибо за участие!")
            await expect(phone.locator(".live-thanks")).to_have_text("Спасибо за участие!")
            await shot(projector, "projector-6-closed")
            await shot(phone, "phone-6-closed")
            await shot(moderator, "moderator-panel")
            await not_reloaded(phone, projector)
            await browser.close()

    asyncio.run(scenario())


async def panel(browser, hall: LiveHall, width: int, height: int) -> Page:
    """The moderator's panel, logged in, following the session."""
    context = await browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
    page = await context.new_page()
    await page.goto(f"{hall.base_url}/login")
    await page.fill("input[name=email]", MODERATOR_EMAIL)
    await page.fill("input[name=password]", MODERATOR_PASSWORD)
    await page.click("button[type=submit]")
    await page.goto(f"{hall.base_url}/sessions/{hall.session_id}/live")
    await connected(page)
    await page.evaluate("window.__noReload = true")
    return page


def test_each_panel_button_says_what_it_did_where_the_moderator_looks(live_hall: LiveHall):
    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            page = await panel(browser, live_hall, 1440, 900)
            said = page.locator("[data-live-done]")
            await expect(said).to_have_attribute("role", "status")
            await expect(said).to_have_attribute("aria-live", "polite")
            await expect(said).to_be_empty()

            await page.locator("#live-next").click()
            await expect(said).to_have_text("Сейчас: Выступления — Открытие дизайн-сессии.")
            await expect(said.locator(".flash-success")).to_be_in_viewport()

            await page.locator("#timer-pause").click()
            await expect(said).to_have_text("Таймер на паузе.")
            # The same sentence twice is shown (and announced) again, not left as it was.
            await page.locator("#timer-add_minute").click()
            await expect(said).to_have_text("К таймеру добавлена минута.")
            await page.locator("#timer-add_minute").click()
            await expect(said).to_have_text("К таймеру добавлена минута.")

            # A button far down the page: the note is on the screen all the same.
            await page.locator("#phase-voting").click()
            await expect(said).to_have_text("Сейчас: Голосование — Голосование.")
            await expect(said.locator(".flash-success")).to_be_in_viewport()
            await expect(page.locator("[data-live-error]")).to_be_hidden()

            assert await page.evaluate("window.__noReload === true")
            await browser.close()

    asyncio.run(scenario())


def test_a_refusal_far_down_the_panel_is_shown_where_the_moderator_looks(live_hall: LiveHall):
    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            page = await panel(browser, live_hall, 1440, 900)
            refused = page.locator("[data-live-error]")
            await expect(refused).to_be_hidden()
            # The last agenda item's button, at the foot of the page, names an item the server
            # does not know (as if another moderator had deleted it): the server refuses.
            form = page.locator("form[data-live-event=start_item]").last
            await form.evaluate("(f) => { f.dataset.itemId = '999999'; }")
            await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            await form.locator("button").click()
            await expect(refused).to_contain_text("Этого больше нет в сессии")
            await expect(refused).to_be_in_viewport()
            assert await page.evaluate("window.scrollY") > 0, "the button was on the first screen"
            assert await page.evaluate("window.__noReload === true")
            await browser.close()

    asyncio.run(scenario())


def test_the_keyboard_hint_is_shown_on_a_laptop_and_not_on_a_phone(live_hall: LiveHall):
    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            laptop = await panel(browser, live_hall, 1440, 900)
            await expect(laptop.locator(".live-keys")).to_be_visible()
            phone = await browser.new_context(
                viewport={"width": 360, "height": 800},
                locale="ru-RU",
                has_touch=True,
                is_mobile=True,
                storage_state=await laptop.context.storage_state(),
            )
            page = await phone.new_page()
            await page.goto(f"{live_hall.base_url}/sessions/{live_hall.session_id}/live")
            await connected(page)
            await expect(page.locator(".live-keys")).to_be_hidden()
            await browser.close()

    asyncio.run(scenario())


def _re(pattern: str):
    import re

    return re.compile(pattern)


def hyphenated(text: str, whole: bool = True):
    """The text as the projector shows it: its long words may carry soft hyphens."""
    import re

    pattern = "\u00ad?".join(re.escape(char) for char in text)
    return re.compile(f"^{pattern}$" if whole else pattern)
