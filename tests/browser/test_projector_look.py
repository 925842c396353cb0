"""The projector at 1920×1080 in Chromium: every screen accessible (axe-core), readable from
the back of the hall (nothing under 32 px, nothing cut off), no operator controls in sight, and
the results reveal played when a moderator presses its button on the live panel."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright, expect

from tests.browser.axe import summary, violations
from tests.browser.conftest import CHROMIUM_ARGS, served_on_sqlite
from tests.services import chromium_path

#: The smallest text the hall may see: 32 px on a 1080p screen
SMALLEST_PX = 32


@dataclass(frozen=True)
class Hall:
    """The demo session served by a real server, and an app on the same database."""

    base_url: str
    database_url: str
    instance: Path
    session_id: int
    tokens: dict[str, str]
    email: str
    password: str


def prepare_demo(instance: Path, database_url: str) -> dict:
    """The demo session of `facilitator demo`, and a copy of it not started yet."""
    from facilitator.live import tour
    from facilitator.live.demo import create_demo

    app = demo_app(instance, database_url)
    with app.app_context():
        from facilitator.cli import upgrade_database

        upgrade_database()
        demo = create_demo()
        draft = tour.draft_session(demo.session.owner)
        return {
            "session_id": demo.session.id,
            "tokens": {"draft": draft.projector_token, "demo": demo.session.projector_token},
            "email": demo.email,
            "password": demo.password,
        }


def prepare_long_demo(instance: Path, database_url: str, groups: int) -> dict:
    """The demo session with the longest texts and this many groups (tour.stretch)."""
    from facilitator.extensions import db
    from facilitator.live import tour
    from facilitator.sessions.models import DesignSession

    data = prepare_demo(instance, database_url)
    with demo_app(instance, database_url).app_context():
        tour.stretch(db.session.get(DesignSession, data["session_id"]), groups=groups)
    return data


def demo_app(instance: Path, database_url: str):
    from facilitator import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(instance),
            "ASYNC_MODE": "threading",
        }
    )


@pytest.fixture
def hall(tmp_path) -> Iterator[Hall]:
    with served_on_sqlite(tmp_path, prepare_demo) as (base_url, data):
        yield Hall(
            base_url=base_url,
            database_url=f"sqlite:///{tmp_path / 'live.db'}",
            instance=tmp_path / "instance",
            **data,
        )


@pytest.fixture
def long_hall(tmp_path, request) -> Iterator[Hall]:
    """The demo with the longest texts and `request.param` groups."""
    prepare = functools.partial(prepare_long_demo, groups=request.param)
    with served_on_sqlite(tmp_path, prepare) as (base_url, data):
        yield Hall(
            base_url=base_url,
            database_url=f"sqlite:///{tmp_path / 'live.db'}",
            instance=tmp_path / "instance",
            **data,
        )


def visit(hall: Hall, stop: str, hands: int = 4) -> None:
    """Move the demo session to a stop of the tour, through the services."""
    from facilitator.extensions import db
    from facilitator.live import tour
    from facilitator.sessions.models import DesignSession

    app = demo_app(hall.instance, hall.database_url)
    with app.app_context():
        session = db.session.get(DesignSession, hall.session_id)
        tour.visit(session, session.owner, stop, hands=hands)
        db.session.remove()


#: What the hall sees of the page: overflow, the operator's panel, text below `smallest` px
SCREEN_FACTS = """(smallest) => {
  const main = document.querySelector("main");
  const ops = document.querySelector("[data-pj-ops]").getBoundingClientRect();
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest("[data-pj-ops], script, .visually-hidden")) continue;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width === 0 || style.visibility === "hidden" || el.closest("[hidden]")) continue;
    const size = parseFloat(style.fontSize);
    if (size < smallest) small.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  return {
    overflow: main.scrollHeight - main.clientHeight,
    opsBottom: ops.bottom,
    small,
    lang: document.documentElement.lang,
  };
}"""


#: Text the hall cannot see whole: outside the phase's area, or on a page cut off at its foot.
#: Paged content off to the right is on a later page; a line-clamped box ends in an ellipsis.
CUT_OFF = """() => {
  const main = document.querySelector("main").getBoundingClientRect();
  const joinbar = document.querySelector("[data-live-region=joinbar]").getBoundingClientRect();
  const cut = [];
  for (const el of document.querySelectorAll("main *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    if (el.closest("[hidden], .visually-hidden")) continue;
    const pages = el.closest("[data-pj-pages]");
    const box = pages ? pages.getBoundingClientRect() : main;
    // A paragraph split between columns has a box on each: each is checked on its own.
    for (const rect of el.getClientRects()) {
      if (rect.width === 0 || (pages && rect.left >= box.right - 1)) continue;
      const outside = rect.top < box.top - 1 || rect.bottom > box.bottom + 1
        || rect.left < box.left - 1 || rect.right > box.right + 1;
      if (outside) cut.push(`${el.className}: ${el.textContent.trim().slice(0, 40)}`);
    }
  }
  return { cut, joinbarOverlap: joinbar.height ? main.bottom - joinbar.top : 0,
           pages: document.querySelector("[data-pj-page-count]")?.textContent || "" };
}"""


async def check_screen(page: Page, stop: str) -> None:
    await page.evaluate("document.fonts.ready.then(() => true)")
    await page.wait_for_timeout(300)
    facts = await page.evaluate(SCREEN_FACTS, SMALLEST_PX)
    assert facts["lang"] == "ru", stop
    assert facts["overflow"] <= 1, f"{stop}: the screen is cut off by {facts['overflow']} px"
    assert facts["opsBottom"] <= 0, f"{stop}: the operator's controls are in the hall's sight"
    assert not facts["small"], f"{stop}: text under {SMALLEST_PX} px: {facts['small']}"
    found = await violations(page)
    assert not found, f"{stop}: axe-core found\n{summary(found)}"


def test_every_projector_screen_is_accessible_and_readable_from_the_back(hall):
    from facilitator.live import tour

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            context = await browser.new_context(
                viewport={"width": 1920, "height": 1080}, locale="ru-RU"
            )
            page = await context.new_page()
            for stop in tour.STOPS:
                await asyncio.to_thread(visit, hall, stop)
                token = hall.tokens["draft" if stop == "draft" else "demo"]
                await page.goto(f"{hall.base_url}/p/{token}")
                await expect(page.locator("[data-live-status]")).to_have_attribute(
                    "data-state", "connected"
                )
                await check_screen(page, stop)
            # The closing screen: no countdown left over from the survey, the phone in one line.
            await expect(page.locator(".pj-band-timer")).to_be_hidden()
            phone = page.locator(".pj-closing .nowrap")
            assert await phone.evaluate("el => el.getClientRects().length") == 1
            # The operator's controls come into sight with the pointer, and go again.
            await page.mouse.move(900, 500)
            await page.mouse.move(960, 540)
            await expect(page.locator("[data-fullscreen]")).to_be_in_viewport()
            await browser.close()

    asyncio.run(scenario())


def test_a_moderator_reveals_the_results_and_the_projector_plays_the_moment(hall):
    async def scenario() -> None:
        for stop in ("lobby", "talks", "group_work", "presentations", "open_mic", "voting"):
            await asyncio.to_thread(visit, hall, stop)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            screens = []
            for motion in ("no-preference", "reduce"):
                context = await browser.new_context(
                    viewport={"width": 1920, "height": 1080}, reduced_motion=motion
                )
                page = await context.new_page()
                await page.goto(f"{hall.base_url}/p/{hall.tokens['demo']}")
                await expect(page.locator("[data-live-status]")).to_have_attribute(
                    "data-state", "connected"
                )
                await expect(page.locator(".pj-tally-num")).to_have_text("15")
                await page.evaluate("window.__noReload = true")
                screens.append(page)
            animated, still = screens

            moderator = await (
                await browser.new_context(viewport={"width": 1440, "height": 900})
            ).new_page()
            await moderator.goto(f"{hall.base_url}/login")
            await moderator.fill("input[name=email]", hall.email)
            await moderator.fill("input[name=password]", hall.password)
            await moderator.click("button[type=submit]")
            await moderator.goto(f"{hall.base_url}/sessions/{hall.session_id}/live")
            await expect(moderator.locator("[data-live-status]").first).to_have_attribute(
                "data-state", "connected"
            )
            await moderator.locator(".live-reveal button").click()

            await expect(animated.locator(".pj-reveal.is-revealing")).to_be_visible()
            await expect(animated.locator(".pj-result")).to_have_count(5)
            await expect(still.locator(".pj-reveal")).to_be_visible()
            assert await still.locator(".pj-reveal.is-revealing").count() == 0
            for page in screens:
                assert await page.evaluate("window.__noReload === true")
            await expect(moderator.locator(".live-reveal")).to_contain_text(
                "Экран показывает итоги голосования."
            )
            # The scores end where the server put them, whether counted up or not.
            await animated.wait_for_timeout(6000)
            winner = animated.locator(".pj-result.is-winner .pj-result-score").first
            await expect(winner).to_have_text("9")
            found = await violations(animated)
            assert not found, f"reveal: axe-core found\n{summary(found)}"

            # A reload shows the results still, without playing them again.
            await animated.reload()
            await expect(animated.locator(".pj-reveal")).to_be_visible()
            await expect(animated.locator("[data-live-status]")).to_have_attribute(
                "data-state", "connected"
            )
            assert await animated.locator(".pj-reveal.is-revealing").count() == 0

            # The moderator hides them: the projector shows the phase again.
            await moderator.locator(".live-reveal button").click()
            # A loaded CI machine may take longer than the default 5 s to push and re-render.
            await expect(animated.locator(".pj-voting")).to_be_visible(timeout=20_000)
            await browser.close()

    asyncio.run(scenario())


#: Each place of the results and on how many lines it is set (its height over its font size).
PLACE_LINES = """() => [...document.querySelectorAll('.pj-place')].map((el) => ({
  text: el.textContent.trim(),
  lines: Math.round(el.getBoundingClientRect().height
    / (parseFloat(getComputedStyle(el).fontSize) * 1.25)),
}))"""


@pytest.mark.parametrize(
    ("long_hall", "size", "paged"),
    [(30, (1920, 1080), True), (30, (1280, 720), True), (5, (1366, 768), False)],
    indirect=["long_hall"],
)
def test_the_longest_texts_and_many_groups_stay_on_every_projector_screen(long_hall, size, paged):
    from facilitator.live import tour

    width, height = size
    smallest = SMALLEST_PX * height / 1080

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            context = await browser.new_context(
                viewport={"width": width, "height": height}, locale="ru-RU"
            )
            page = await context.new_page()
            pages = {}
            for stop in tour.STOPS:
                await asyncio.to_thread(visit, long_hall, stop, 7)
                token = long_hall.tokens["draft" if stop == "draft" else "demo"]
                await page.goto(f"{long_hall.base_url}/p/{token}")
                await expect(page.locator("[data-live-status]")).to_have_attribute(
                    "data-state", "connected"
                )
                await page.evaluate("document.fonts.ready.then(() => true)")
                await page.wait_for_timeout(300)
                facts = await page.evaluate(SCREEN_FACTS, smallest)
                assert facts["overflow"] <= 1, f"{stop}: cut off by {facts['overflow']} px"
                assert not facts["small"], f"{stop}: text under {smallest} px: {facts['small']}"
                seen = await page.evaluate(CUT_OFF)
                assert not seen["cut"], f"{stop}: text the hall cannot see: {seen['cut']}"
                assert seen["joinbarOverlap"] <= 1, f"{stop}: the screen runs under the join bar"
                pages[stop] = seen["pages"]
                if stop == "reveal":
                    places = await page.evaluate(PLACE_LINES)
                    broken = [p["text"] for p in places if p["lines"] > 1]
                    assert not broken, f"reveal: a place broken across lines: {broken}"
                    if paged:
                        assert any("–" in p["text"] for p in places), "no shared place to see"
            if paged:
                # What does not fit is on the next pages, turned by themselves.
                assert int(pages["group_work"]) > 1
                assert int(pages["reveal"]) > 1
            await browser.close()

    asyncio.run(scenario())
