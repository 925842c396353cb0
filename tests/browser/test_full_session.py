"""A whole design session, start to finish, as its people live it in real Chromium.

The demo session (seed 000) runs on a real server. A moderator on a laptop moves it through every
phase with the live panel's buttons; a projector (1920×1080) and two phones (360 px) that joined
with the code follow without reloading. On the way a phone writes into its group's model, raises
its hand, both phones vote and answer the survey, and at the end the organiser downloads the
post-release and finds the participants and the survey's figures in it.

Screenshots: set FACILITATOR_LIVE_SCREENSHOTS to a folder.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import CHROMIUM_ARGS, served_on_sqlite
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.live]

SCREENSHOTS = os.environ.get("FACILITATOR_LIVE_SCREENSHOTS")
#: How long one expectation may wait (a phone spreads its refresh over up to 3 s)
WAIT_MS = 15_000
#: The projector re-reads the groups' progress at least every 15 s
PROGRESS_WAIT_MS = 25_000
#: The whole scenario, so a hang fails instead of blocking the suite
SCENARIO_SECONDS = 240
NBSP = "\u00a0"

PHASE_LABELS = {
    "lobby": "Регистрация",
    "talks": "Выступления",
    "group_work": "Работа в группах",
    "presentations": "Презентации",
    "open_mic": "Открытый микрофон",
    "voting": "Голосование",
    "survey": "Опрос",
    "closed": "Завершена",
}
#: The projector's screen for each phase
PROJECTOR_SCREENS = {
    "lobby": ".pj-lobby",
    "talks": ".pj-talk",
    "group_work": ".pj-work",
    "presentations": ".pj-model",
    "open_mic": ".pj-openmic",
    "voting": ".pj-voting",
    "survey": ".pj-survey",
    "closed": ".pj-closing",
}


@dataclass(frozen=True)
class Person:
    """Who a phone registers as."""

    full_name: str
    organisation: str
    position: str
    city: str
    email: str


ANNA = Person(
    "Соловьёва Анна Игоревна",
    "ГБОУ СОШ № 496 Московского района",
    "учитель истории",
    "Московский район",
    "anna.solovyova@example.org",
)
OLEG = Person(
    "Кравцов Олег Петрович",
    "МБОУ «Лицей № 5» г. Выборга",
    "заместитель директора",
    "г. Выборг",
    "",
)


@dataclass(frozen=True)
class DemoHall:
    """A server running the demo session in registration."""

    base_url: str
    session_id: int
    join_code: str
    email: str
    password: str
    #: (id, name) of the creative groups, in order
    groups: tuple[tuple[int, str], ...]
    #: Participants the demo registered before the phones
    registered: int


def prepare_demo(instance: Path, database_url: str) -> dict:
    """A fresh schema with the demo session of `facilitator demo`."""
    from facilitator import create_app
    from facilitator.cli import upgrade_database
    from facilitator.extensions import db
    from facilitator.live.demo import create_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        upgrade_database()
        demo = create_demo()
        session = demo.session
        data = {
            "session_id": session.id,
            "join_code": session.join_code,
            "email": demo.email,
            "password": demo.password,
            "groups": tuple((group.id, group.name) for group in session.groups),
            "registered": len(session.participants),
        }
        db.session.remove()
        db.engine.dispose()
    return data


@pytest.fixture
def demo_hall(tmp_path) -> Iterator[DemoHall]:
    """`facilitator run` in a subprocess on a fresh SQLite database with the demo session."""
    with served_on_sqlite(tmp_path, prepare_demo) as (base_url, data):
        yield DemoHall(base_url=base_url, **data)


@dataclass
class Hall:
    """The pages of the people in the hall."""

    demo: DemoHall
    moderator: Page
    projector: Page
    #: Anna's phone (group 1) and Oleg's phone (group 2)
    phones: tuple[Page, Page]
    downloads: Path

    @property
    def home_url(self) -> str:
        return f"{self.demo.base_url}/s/{self.demo.join_code}/"

    @property
    def people(self) -> int:
        """Everyone registered once both phones joined."""
        return self.demo.registered + len(self.phones)

    def group(self, index: int) -> tuple[int, str]:
        return self.demo.groups[index]


# --- small helpers -------------------------------------------------------------------------


async def shot(page: Page, name: str) -> None:
    """Keep a screenshot when FACILITATOR_LIVE_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


async def connected(page: Page) -> None:
    """Wait until the page's live indicator says it follows the session."""
    await expect(page.locator("[data-live-status]").first).to_have_attribute(
        "data-state", "connected"
    )


async def mark(*pages: Page) -> None:
    """Leave a mark in each page's window: a reload would wipe it."""
    for page in pages:
        await page.evaluate("window.__noReload = true")


async def not_reloaded(*pages: Page) -> None:
    """The pages are still the documents that were marked."""
    for page in pages:
        assert await page.evaluate("window.__noReload === true"), f"{page.url} was reloaded"


async def new_context(browser: Browser, width: int, height: int, **extra) -> BrowserContext:
    context = await browser.new_context(
        viewport={"width": width, "height": height}, locale="ru-RU", **extra
    )
    context.set_default_timeout(WAIT_MS)
    return context


async def back_home(hall: Hall, phone: Page) -> None:
    """The phone goes back to the participant's home, which follows the session live."""
    await phone.goto(hall.home_url)
    await connected(phone)
    await mark(phone)


async def fits_on_screen(projector: Page, selector: str) -> None:
    """Every element matching `selector` lies inside the projector's visible main area.

    The projector cannot scroll: a row pushed below the footer or above the header (say, the
    winning model) is simply not seen in the hall.
    """
    inside = """(selector) => {
        const main = document.querySelector("main").getBoundingClientRect();
        const items = [...document.querySelectorAll(selector)];
        return items.length > 0 && items.every((el) => {
            const r = el.getBoundingClientRect();
            return r.top >= main.top - 1 && r.bottom <= main.bottom + 1
                && r.left >= main.left - 1 && r.right <= main.right + 1;
        });
    }"""
    try:
        await projector.wait_for_function(inside, arg=selector, timeout=5_000)
    except PlaywrightTimeout:
        await shot(projector, f"not-fitting-{selector.strip('.').replace(' ', '-')}")
        raise AssertionError(f"the projector's {selector} do not fit on its screen") from None


def spaced(text: str) -> str:
    """Text with no-break spaces as plain ones."""
    return text.replace(NBSP, " ")


# --- step 1: everyone comes in -------------------------------------------------------------


async def moderator_opens_the_panel(browser: Browser, demo: DemoHall) -> Page:
    """The moderator logs in with the form and opens the live panel (laptop, 1280×800)."""
    page = await (await new_context(browser, 1280, 800)).new_page()
    await page.goto(f"{demo.base_url}/login")
    await page.fill("input[name=email]", demo.email)
    await page.fill("input[name=password]", demo.password)
    await page.get_by_role("button", name="Войти").click()
    await expect(page).not_to_have_url(re.compile(r"/login"))
    await page.goto(f"{demo.base_url}/sessions/{demo.session_id}/live")
    await connected(page)
    await expect(page.locator(".live-phase-big")).to_have_text(PHASE_LABELS["lobby"])
    return page


async def projector_opens_from_the_panel(browser: Browser, moderator: Page) -> Page:
    """The projector's screen (1920×1080) opens the link the panel offers."""
    link = moderator.get_by_role("link", name="Открыть экран для проектора")
    url = urljoin(moderator.url, await link.get_attribute("href"))
    page = await (await new_context(browser, 1920, 1080)).new_page()
    await page.goto(url)
    await connected(page)
    await expect(page.locator(".pj-code")).to_be_visible()
    return page


async def phone_joins(browser: Browser, demo: DemoHall, person: Person, group: str) -> Page:
    """A phone types the code on the start page, registers with consent, picks a group."""
    context = await new_context(browser, 360, 780, is_mobile=True, has_touch=True)
    phone = await context.new_page()
    await phone.goto(f"{demo.base_url}/")
    await phone.fill("input[name=code]", f"{demo.join_code[:3]} {demo.join_code[3:]}")
    await phone.get_by_role("button", name="Продолжить").click()
    await expect(phone).to_have_url(re.compile(rf"/s/{demo.join_code}/register$"))
    await phone.get_by_label("ФИО").fill(person.full_name)
    await phone.get_by_label("Организация").fill(person.organisation)
    await phone.get_by_label("Должность").fill(person.position)
    await phone.get_by_label("Город или район").fill(person.city)
    if person.email:
        await phone.get_by_label("E-mail").fill(person.email)
    await phone.locator(".group-choice label").filter(has_text=group).click()
    await phone.locator("input[name=consent]").check()
    await phone.get_by_role("button", name="Зарегистрироваться").click()
    await expect(phone).to_have_url(re.compile(rf"/s/{demo.join_code}/$"))
    await expect(phone.locator(".group-name-big")).to_have_text(group)
    await connected(phone)
    return phone


# --- step 2: the moderator moves the session on --------------------------------------------


async def moderator_sees(moderator: Page, phase: str) -> None:
    """The panel itself shows the phase, its buttons re-rendered for it."""
    await expect(moderator.locator(".live-phase-big")).to_have_text(PHASE_LABELS[phase])
    await expect(moderator.locator(f"#phase-{phase}")).to_be_disabled()


async def start_next_item(hall: Hall, phase: str) -> None:
    """The moderator presses «Start next item»; the item belongs to `phase`."""
    await hall.moderator.locator("#live-next").click()
    await moderator_sees(hall.moderator, phase)
    await everyone_follows(hall, phase)


async def jump_to(hall: Hall, phase: str) -> None:
    """The moderator presses a phase's button under «Go to a phase»."""
    await hall.moderator.locator(f"#phase-{phase}").click()
    await moderator_sees(hall.moderator, phase)
    await everyone_follows(hall, phase)


async def everyone_follows(hall: Hall, phase: str) -> None:
    """Both phones and the projector show the phase's own content, without a reload."""
    label = PHASE_LABELS[phase]
    for phone in hall.phones:
        await expect(phone.locator("[data-live-phase-label]")).to_have_text(label)
        await expect(phone.locator(f".live-now.live-now-{phase}")).to_be_visible()
    await expect(hall.projector.locator(".pj-band-phase")).to_have_text(label)
    await expect(hall.projector.locator(f"#main {PROJECTOR_SCREENS[phase]}")).to_be_visible()
    await not_reloaded(hall.projector, *hall.phones)


async def close_the_session(hall: Hall) -> None:
    """«Closed» asks the moderator first; they confirm."""
    questions: list[str] = []

    async def confirm(dialog) -> None:
        questions.append(dialog.message)
        await dialog.accept()

    hall.moderator.once("dialog", confirm)
    await jump_to(hall, "closed")
    assert len(questions) == 1 and questions[0].startswith("Завершить сессию?"), questions


# --- step 3: group work --------------------------------------------------------------------


IDEA = "Наставники из профессии ведут проекты учащихся от замысла до защиты."


async def phone_writes_the_idea(phone: Page) -> None:
    """The phone opens its group's model from the home page and types into «Идея»."""
    await phone.get_by_role("link", name="Открыть нашу модель").click()
    await expect(phone).to_have_url(re.compile(r"/w/\d+$"))
    await expect(phone.locator("[data-status]")).to_have_attribute("data-state", "connected")
    await expect(phone.locator("label[for=f-idea]")).to_have_text("Идея")
    await phone.locator("#f-idea").click()
    await phone.keyboard.type(IDEA, delay=10)
    await phone.wait_for_function("() => window.facilitatorWorkspace.sync.pendingCount === 0")
    await expect(phone.locator("#f-idea")).to_have_value(IDEA)
    await shot(phone, "03-phone-model")


async def projector_shows_progress(hall: Hall, group: str) -> None:
    """The projector's bar of the group moves off zero (it re-reads progress every 15 s)."""
    row = hall.projector.locator(".pj-group-card").filter(has_text=group)
    await expect(row.locator("[role=progressbar]")).not_to_have_attribute(
        "aria-valuenow", "0", timeout=PROGRESS_WAIT_MS
    )
    await expect(row.locator(".pj-meter-text")).to_have_text(re.compile(r"^[1-9]\d*/\d+$"))
    await expect(hall.projector.locator(".pj-group-card")).to_have_count(len(hall.demo.groups))
    await fits_on_screen(hall.projector, ".pj-group-card")
    await shot(hall.projector, "03-projector-group-work")


# --- step 4: open microphone ---------------------------------------------------------------


async def phone_raises_a_hand(phone: Page) -> None:
    """From the home page to the microphone page; the hand goes up; the phone is first."""
    await phone.get_by_role("link", name="Попросить слово").click()
    await expect(phone).to_have_url(re.compile(r"/mic$"))
    await phone.get_by_role("button", name=re.compile("Поднять руку")).click()
    await expect(phone.locator(".hand-status")).to_have_text("Вы следующий в очереди.")
    await shot(phone, "04-phone-hand-raised")


async def moderator_gives_the_floor(hall: Hall, name: str) -> Page:
    """The moderator's microphone page (a second tab) lists the hand and gives the floor."""
    page = await hall.moderator.context.new_page()
    await page.goto(f"{hall.demo.base_url}/sessions/{hall.demo.session_id}/mic")
    await expect(page.locator(".queue .item-title")).to_have_text(f"1. {name}")
    await page.get_by_role("button", name=f"Дать слово следующему: {name}").click()
    await expect(page.locator(".speaker-name")).to_have_text(name)
    await shot(page, "04-moderator-mic")
    return page


# --- step 5: voting ------------------------------------------------------------------------


def vote_card(page: Page, group_id: int):
    return page.locator(f"#model-{group_id}")


async def put_dot(page: Page, group_id: int, expect_on: int) -> None:
    """Press «+» on a model and wait for the page to come back with the dot counted."""
    await plus(page, group_id).click()
    await expect(vote_card(page, group_id).locator(".dot-count")).to_have_text(
        re.compile(rf"^\s*{expect_on} голос(а|ов)?\s*$")
    )


def plus(page: Page, group_id: int):
    """A model's «+» button (its accessible name is «Отдать голос за «…»»)."""
    return vote_card(page, group_id).locator("button.dot-btn.btn-primary")


async def phone_opens_the_ballot(phone: Page) -> None:
    await phone.get_by_role("link", name="Голосовать").click()
    await expect(phone).to_have_url(re.compile(r"/vote$"))
    await expect(phone.locator(".dots-left")).to_contain_text("3 голоса из 3")


async def own_group_is_not_offered(phone: Page, group_id: int) -> None:
    """The default rules forbid voting for one's own group: its card has no buttons."""
    card = vote_card(phone, group_id)
    await expect(card.locator(".own-group")).to_have_text("Ваша группа")
    await expect(card.locator("button")).to_have_count(0)


# --- step 6: survey ------------------------------------------------------------------------


async def phone_answers_the_survey(phone: Page, marks: tuple[str, str, str, str], wish: str):
    """Yes/no and scale questions by tapping the big buttons; the wishes may stay empty."""
    await phone.get_by_role("link", name="Пройти опрос").click()
    await expect(phone).to_have_url(re.compile(r"/survey$"))
    questions = phone.locator(".survey-form .question")
    await expect(questions).to_have_count(5)
    for index, answer in enumerate(marks):
        await (
            questions.nth(index)
            .locator("label.choice")
            .filter(has_text=re.compile(rf"^\s*{answer}\s*$"))
            .click()
        )
    await expect(questions.nth(4)).to_contain_text("(необязательно)")
    if wish:
        await questions.nth(4).locator("textarea").fill(wish)
    await phone.get_by_role("button", name="Отправить ответы").click()
    await expect(phone.locator(".flash").first).to_contain_text("Спасибо! Ответы сохранены.")


# --- step 7: the post-release ----------------------------------------------------------------


async def organiser_downloads_the_post_release(hall: Hall) -> Path:
    """Materials tab → «Post-release» → «Download»: the Word file as the browser saves it."""
    page = hall.moderator
    await page.get_by_role("link", name="Материалы", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/materials$"))
    row = page.locator(".file-list .file").filter(
        has=page.get_by_role("heading", name="Пост-релиз", exact=True)
    )
    async with page.expect_download() as info:
        await row.get_by_role("link", name="Скачать").click()
    download = await info.value
    assert download.suggested_filename.endswith(".docx")
    target = hall.downloads / download.suggested_filename
    await download.save_as(target)
    await shot(page, "07-moderator-materials")
    return target


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a Word file, no-break spaces as spaces."""
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return spaced("\n".join(parts))


# --- the session -----------------------------------------------------------------------------


async def run_the_session(browser: Browser, demo: DemoHall, downloads: Path) -> None:
    moderator = await moderator_opens_the_panel(browser, demo)
    projector = await projector_opens_from_the_panel(browser, moderator)
    anna = await phone_joins(browser, demo, ANNA, demo.groups[0][1])
    oleg = await phone_joins(browser, demo, OLEG, demo.groups[1][1])
    hall = Hall(demo, moderator, projector, (anna, oleg), downloads)
    (g1, g1_name), (g2, g2_name), (g3, g3_name), (g4, _) = demo.groups[:4]

    # 1. The lobby: the projector counts the two newcomers.
    await expect(projector.locator(".pj-joined")).to_have_text(
        f"{hall.people} участников подключились"
    )
    await mark(projector, anna, oleg)
    await everyone_follows(hall, "lobby")
    await fits_on_screen(projector, ".pj-code, .pj-joined, .pj-qr img")
    await shot(projector, "01-projector-lobby")
    await shot(anna, "01-phone-lobby")

    # 2. The opening (start next item), then straight to group work (jump to a phase).
    await start_next_item(hall, "talks")
    await expect(projector.locator(".pj-talk h1")).to_have_text(
        hyphenated("Открытие дизайн-сессии. Приветственное слово")
    )
    await expect(anna.locator(".live-now")).to_contain_text("Воронцова Ирина Павловна")
    await jump_to(hall, "group_work")

    # 3. Anna writes her group's idea; the projector's bar for her group moves.
    await phone_writes_the_idea(anna)
    await back_home(hall, anna)
    await projector_shows_progress(hall, g1_name)

    # Presentations: the projector shows Anna's group's model with her idea.
    await start_next_item(hall, "presentations")
    await expect(projector.locator(".pj-model-head h1")).to_have_text(hyphenated(g1_name))
    await expect(projector.locator(".pj-model-body")).to_contain_text(hyphenated(IDEA, whole=False))
    await expect(oleg.locator(".live-now")).to_contain_text(f"Сейчас выступает: {g1_name}")
    await shot(projector, "03-projector-presentations")

    # 4. Open microphone: Oleg raises his hand, the moderator gives him the floor.
    await start_next_item(hall, "open_mic")
    await phone_raises_a_hand(oleg)
    queue = projector.locator(".pj-queue li")
    await expect(queue).to_have_count(1)
    await expect(queue.first).to_contain_text(OLEG.full_name)
    mic_page = await moderator_gives_the_floor(hall, OLEG.full_name)
    await expect(projector.locator(".pj-speaking")).to_contain_text(f"Выступает {OLEG.full_name}")
    await expect(projector.locator("[data-pj-countdown-clock]")).to_have_text(
        re.compile(r"^0[12]:[0-5]\d$")
    )
    await expect(oleg.locator(".hand-status")).to_have_text("Вам предоставлено слово. Говорите!")
    await shot(projector, "04-projector-open-mic")
    await back_home(hall, oleg)
    await mic_page.close()

    # 5. Voting: never for one's own group; three dots each; one more is refused in Russian.
    await jump_to(hall, "voting")
    for phone in hall.phones:
        await phone_opens_the_ballot(phone)
    await own_group_is_not_offered(anna, g1)
    await own_group_is_not_offered(oleg, g2)
    await put_dot(anna, g2, 1)
    await put_dot(anna, g2, 2)
    await put_dot(anna, g3, 1)
    await expect(anna.locator(".dots-left")).to_contain_text("0 голосов из 3")
    await expect(anna.locator("button.dot-btn[value]:not([disabled])")).to_have_text(["−", "−"])
    # Oleg had the ballot open in a second tab too; the stale tab still offers dots.
    stale = await oleg.context.new_page()
    await stale.goto(oleg.url)
    await put_dot(oleg, g3, 1)
    await put_dot(oleg, g3, 2)
    await put_dot(oleg, g1, 1)
    await plus(stale, g4).click()
    # The dot is sent without a reload; the refusal appears in the model's card.
    refusal = vote_card(stale, g4).locator("[data-vote-status].is-error")
    await expect(refusal).to_have_text(
        "Все ваши 3 голоса уже отданы. Сначала заберите голос у другой модели."
    )
    await shot(stale, "05-phone-over-budget")
    await stale.close()
    await expect(projector.locator(".pj-voting")).to_contain_text(
        "Итоги появятся здесь, когда их покажет модератор."
    )
    await expect(projector.locator(".pj-voting .pj-tally-line")).to_have_text(
        f"2 человека проголосовали, из {hall.people}"
    )
    results = await moderator.context.new_page()
    await results.goto(f"{demo.base_url}/sessions/{demo.session_id}/voting")
    await expect(results.locator(".big-number")).to_have_text(
        f"Проголосовали: 2 из {hall.people} участников"
    )
    await expect(results.locator(".big-number + p")).to_have_text("Отдано голосов: 6.")
    ranking = results.locator(".result-list .result")
    await expect(ranking.nth(0)).to_contain_text(g3_name)
    await expect(ranking.nth(0).locator(".result-dots")).to_have_text("3 голоса")
    await expect(ranking.nth(1)).to_contain_text(g2_name)
    await expect(ranking.nth(1).locator(".result-dots")).to_have_text("2 голоса")
    await expect(ranking.nth(2)).to_contain_text(g1_name)
    await expect(ranking.nth(2).locator(".result-dots")).to_have_text("1 голос")
    await shot(results, "05-moderator-voting")
    # The moderator reveals the results from the results page: the projector plays them.
    await results.locator(".live-reveal button").click()
    await expect(results.locator(".live-reveal")).to_contain_text(
        "Экран показывает итоги голосования."
    )
    await expect(projector.locator(".pj-reveal .pj-result")).to_have_count(len(demo.groups))
    await expect(projector.locator(".pj-result").first).to_contain_text(hyphenated(g3_name, False))
    await fits_on_screen(projector, ".pj-result")
    await shot(projector, "05-projector-reveal")
    for phone in hall.phones:
        await back_home(hall, phone)

    # 6. Survey: both answer; Oleg leaves the optional wishes empty.
    await jump_to(hall, "survey")
    await phone_answers_the_survey(anna, ("Да", "5", "5", "Да"), "Больше времени на группы")
    await phone_answers_the_survey(oleg, ("Да", "5", "4", "Нет"), "")
    await expect(projector.locator(".pj-survey .pj-tally-line")).to_have_text(
        f"2 из {hall.people} ответили"
    )
    # The survey's answers as charts; the first question: everyone said yes.
    first_chart = projector.locator(".pj-chart").first
    await expect(first_chart.locator(".pj-chart-value").first).to_have_text(re.compile(r"^100\s%$"))
    await fits_on_screen(projector, ".pj-survey .pj-tally, .pj-survey h1")
    await shot(projector, "06-projector-survey")
    await results.goto(f"{demo.base_url}/sessions/{demo.session_id}/survey/results")
    first = results.locator(".survey-result").nth(0)
    await expect(first.locator(".report-line")).to_have_text(
        re.compile(r"В пост-релизе: «100\s%\sотметили, что мероприятие было интересно и полезно»")
    )
    await expect(first.locator(".share-row").first).to_contain_text("Да")
    await expect(first.locator(".share-row").first.locator("strong")).to_have_text(
        re.compile(r"^100\s%$")
    )
    practical = results.locator(".survey-result").nth(2)
    await expect(practical.locator(".survey-headline strong").first).to_have_text(
        re.compile(r"^50\s%$")
    )
    wishes = results.locator(".survey-result").nth(4)
    await expect(wishes.locator(".survey-texts li")).to_have_count(1)
    await shot(results, "06-moderator-survey-results")
    await results.close()
    for phone in hall.phones:
        await back_home(hall, phone)

    # 7. Closing (the panel asks first): the thanks screen; the post-release.
    await close_the_session(hall)
    await expect(projector.locator(".pj-closing h1")).to_have_text("Спасибо за участие!")
    for phone in hall.phones:
        await expect(phone.locator(".live-thanks")).to_have_text("Спасибо за участие!")
    await shot(projector, "07-projector-closed")
    await shot(oleg, "07-phone-closed")
    path = await organiser_downloads_the_post_release(hall)
    text = docx_text(path)
    assert f"приняли участие {hall.people} человек" in text, text
    # The demo's venue is the host school itself: named once.
    assert "на базе ГБОУ СОШ № 496 Московского района Санкт-Петербурга в рамках" in text, text
    assert "Все опрошенные отметили, что мероприятие было интересно и полезно" in text, text
    assert "В анкетировании" in text and "приняли участие два человека" in text, text


def test_a_whole_session_from_the_lobby_to_the_post_release(demo_hall: DemoHall, tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            expect.set_options(timeout=WAIT_MS)
            try:
                await run_the_session(browser, demo_hall, downloads)
            finally:
                expect.set_options(timeout=5_000)
                await browser.close()

    asyncio.run(asyncio.wait_for(scenario(), SCENARIO_SECONDS))


def hyphenated(text: str, whole: bool = True) -> re.Pattern:
    """The text as the projector shows it: its long words may carry soft hyphens."""
    pattern = "\u00ad?".join(re.escape(char) for char in text)
    return re.compile(f"^{pattern}$" if whole else pattern)
