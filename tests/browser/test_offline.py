"""Offline-first participant pages in real Chromium against a real server with the demo data.

A phone (360 px, touch) of a member of the demo's first group opens its model online once; then
the venue's Wi-Fi goes: it types, reloads the page without a connection (localhost is a secure
context, so the service worker serves the page and the bundle, IndexedDB the text), and sees its
text with an honest count of the edits not yet sent. Back online, the text reaches another member.

Screenshots of each state at 360 px, 1440 px and 1920×1080: set FACILITATOR_OFFLINE_SCREENSHOTS
to a folder.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from tests.browser.conftest import CHROMIUM_ARGS, served_on_sqlite
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.live]

STATUS = "[data-status]"
STATUS_TEXT = "[data-status-text]"
SAVED = "Все изменения сохранены на сервере"
OFFLINE = "Нет связи с сервером."
WAIT_MS = 15_000
SCREENSHOTS = os.environ.get("FACILITATOR_OFFLINE_SCREENSHOTS")


@dataclass(frozen=True)
class DemoGroup:
    """A server running `facilitator demo`'s session, and two members of its first group."""

    base_url: str
    join_code: str
    group_id: int
    group_name: str
    #: (device cookie, full name) of two members of the group
    members: tuple[tuple[str, str], tuple[str, str]]
    text_keys: tuple[str, ...]


def prepare_demo_group(instance: Path, database_url: str) -> dict:
    """A fresh schema with the demo session; two of its first group's members."""
    from facilitator import create_app
    from facilitator.cli import upgrade_database
    from facilitator.extensions import db
    from facilitator.live.demo import create_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        upgrade_database()
        session = create_demo().session
        group = session.groups[0]
        members = [p for p in session.participants if p.group_id == group.id][:2]
        data = {
            "join_code": session.join_code,
            "group_id": group.id,
            "group_name": group.name,
            "members": tuple((p.device_id, p.full_name) for p in members),
            "text_keys": tuple(s.key for s in session.template.sections if s.kind.value == "text"),
        }
        db.session.remove()
        db.engine.dispose()
    return data


@pytest.fixture
def demo_group(tmp_path) -> Iterator[DemoGroup]:
    """`facilitator run` in a subprocess on a fresh SQLite database with the demo session."""
    with served_on_sqlite(tmp_path, prepare_demo_group) as (base_url, data):
        yield DemoGroup(base_url=base_url, **data)


def run(coroutine) -> None:
    """Drive Playwright's async API from a plain test."""
    asyncio.run(coroutine)


async def launch(playwright) -> Browser:
    """Debian's Chromium, headless."""
    return await playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
    )


async def device_context(
    browser: Browser, demo: DemoGroup, member: int, width: int = 360, height: int = 780
) -> BrowserContext:
    """A browser profile (a phone at 360 px) carrying a member's device cookie."""
    phone = width < 600
    context = await browser.new_context(
        viewport={"width": width, "height": height},
        locale="ru-RU",
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(WAIT_MS)
    device = demo.members[member][0]
    await context.add_cookies(
        [{"name": "facilitator_device", "value": device, "url": demo.base_url}]
    )
    return context


async def open_model(context: BrowserContext, demo: DemoGroup) -> Page:
    """The group's model, connected, with the page kept by the service worker for offline use."""
    page = await context.new_page()
    await page.goto(f"{demo.base_url}/w/{demo.group_id}")
    await expect(page.locator(STATUS)).to_have_attribute("data-state", "connected")
    await expect(page.locator(STATUS_TEXT)).to_have_text(SAVED)
    await kept_offline(page)
    return page


async def kept_offline(page: Page) -> None:
    """Wait until the service worker controls the page and keeps a copy of it."""
    await page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    await page.wait_for_function(
        """async () => {
            const cache = await caches.open("facilitator-pages");
            return Boolean(await cache.match(location.href));
        }"""
    )


async def shot(page: Page, name: str) -> None:
    """Keep a screenshot when FACILITATOR_OFFLINE_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def unsent(n: int, where: str = "телефоне") -> str:
    """The Russian sentence for n edits kept on the phone (on a laptop: «устройстве»)."""
    if n % 10 == 1 and n % 100 != 11:
        return f"Сохранено на этом {where}, {n} правка ещё не отправлена"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"Сохранено на этом {where}, {n} правки ещё не отправлены"
    return f"Сохранено на этом {where}, {n} правок ещё не отправлено"


def test_typed_offline_survives_an_offline_reload_and_reaches_the_group(demo_group: DemoGroup):
    """Type offline, reload offline: the text and the count are there; online, the others get it."""
    demo = demo_group
    field = f"#f-{demo.text_keys[1]}"
    offline_text = "Профпробы в колледже"
    more = ", 8–9 классы"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            phone = await device_context(browser, demo, 0)
            page = await open_model(phone, demo)
            await shot(page, "offline-360-1-saved")
            # The participant's home is kept too.
            home = await phone.new_page()
            await home.goto(f"{demo.base_url}/s/{demo.join_code}/")
            await kept_offline(home)
            other = await device_context(browser, demo, 1, width=1440, height=900)
            other_page = await open_model(other, demo)

            await phone.set_offline(True)
            await expect(page.locator(STATUS)).to_have_attribute("data-state", "offline")
            await expect(page.locator(STATUS_TEXT)).to_have_text(f"{OFFLINE} {SAVED}")
            await page.click(field)
            await page.keyboard.type(offline_text)
            n = len(offline_text)
            await expect(page.locator(STATUS)).to_have_attribute("data-pending", str(n))
            await expect(page.locator(STATUS_TEXT)).to_have_text(f"{OFFLINE} {unsent(n)}")
            # Screen readers hear it once it settles (a polite live region).
            live = page.locator("[data-status-live]")
            await expect(live).to_have_text(f"{OFFLINE} {unsent(n)}")
            assert await live.get_attribute("aria-live") == "polite"
            await page.wait_for_function(f"async () => (await {STORED_PENDING_JS}) === {n}")
            await shot(page, "offline-360-2-offline-typed")

            # Reload with no connection at all: the worker serves the page and the bundle.
            reloaded = await page.reload()
            assert reloaded is not None and reloaded.from_service_worker
            await expect(page.locator(field)).to_have_value(offline_text)
            await expect(page.locator(STATUS)).to_have_attribute("data-state", "offline")
            await expect(page.locator(STATUS_TEXT)).to_have_text(f"{OFFLINE} {unsent(n)}")
            await shot(page, "offline-360-3-reloaded-offline")
            # Still editable offline after the reload.
            await page.click(field)
            await page.keyboard.press("End")
            await page.keyboard.type(more)
            n += len(more)
            await expect(page.locator(STATUS_TEXT)).to_have_text(f"{OFFLINE} {unsent(n)}")
            await home.reload()
            await expect(home.locator(".group-name-big")).to_have_text(demo.group_name)
            assert await other_page.locator(field).input_value() == ""

            # Back online: the edits reach the server and the other member.
            await phone.set_offline(False)
            await expect(page.locator(STATUS)).to_have_attribute("data-state", "connected")
            await expect(page.locator(STATUS_TEXT)).to_have_text(SAVED)
            await expect(other_page.locator(field)).to_have_value(offline_text + more)
            await page.wait_for_function(f"async () => (await {STORED_PENDING_JS}) === 0")
            await shot(page, "offline-360-4-back-online")
            await browser.close()

    run(scenario())


def test_edits_of_a_closed_tab_are_sent_at_the_next_visit(demo_group: DemoGroup):
    """The tab is closed offline; opened again online later, it sends what it kept."""
    demo = demo_group
    field = f"#f-{demo.text_keys[2]}"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            phone = await device_context(browser, demo, 0)
            page = await open_model(phone, demo)
            await phone.set_offline(True)
            await expect(page.locator(STATUS)).to_have_attribute("data-state", "offline")
            await page.click(field)
            await page.keyboard.type("Наставники из вуза")
            await page.wait_for_function(f"async () => (await {STORED_PENDING_JS}) === 18")
            await page.close()
            await phone.set_offline(False)

            other = await device_context(browser, demo, 1)
            other_page = await open_model(other, demo)
            assert await other_page.locator(field).input_value() == ""
            again = await phone.new_page()
            await again.goto(f"{demo.base_url}/w/{demo.group_id}")
            await expect(again.locator(STATUS_TEXT)).to_have_text(SAVED)
            await expect(again.locator(field)).to_have_value("Наставники из вуза")
            await expect(other_page.locator(field)).to_have_value("Наставники из вуза")
            await browser.close()

    run(scenario())


@pytest.mark.parametrize(
    ("width", "height"), [(360, 780), (1440, 900), (1920, 1080)], ids=["360", "1440", "1920"]
)
def test_the_saving_state_fits_every_screen(demo_group: DemoGroup, width: int, height: int):
    """The state line is whole and on screen on a phone, a laptop and a big screen."""
    demo = demo_group
    field = f"#f-{demo.text_keys[0]}"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            context = await device_context(browser, demo, 0, width, height)
            page = await open_model(context, demo)
            await shot(page, f"offline-{width}-saved")
            await context.set_offline(True)
            await page.click(field)
            await page.keyboard.type("Сетевое взаимодействие")
            where = "телефоне" if width < 600 else "устройстве"  # touch screen or not
            await expect(page.locator(STATUS_TEXT)).to_have_text(f"{OFFLINE} {unsent(22, where)}")
            box = await page.locator(STATUS_TEXT).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
            width_used = await page.evaluate("document.documentElement.scrollWidth")
            assert width_used <= width, "the page scrolls sideways"
            await page.locator(STATUS).scroll_into_view_if_needed()
            await shot(page, f"offline-{width}-offline")
            await browser.close()

    run(scenario())


STORED_PENDING_JS = """new Promise((resolve, reject) => {
    const name = window.facilitatorWorkspace.config.offline_store;
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
        const get = open.result.transaction("custom").objectStore("custom").get("meta");
        get.onsuccess = () => {
            resolve(get.result ? get.result.pending : 0);
            open.result.close();
        };
    };
})"""


def test_a_page_built_for_another_bundle_reloads_before_sending(demo_group: DemoGroup):
    """The server answers a join with another bundle's hash: the page sends nothing, reloads,
    and the new page sends the edit the old one kept."""
    demo = demo_group
    field = f"#f-{demo.text_keys[3]}"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            phone = await device_context(browser, demo, 0)
            page = await open_model(phone, demo)
            other = await device_context(browser, demo, 1)
            other_page = await open_model(other, demo)
            # The connection drops; an edit waits on the phone.
            await page.evaluate("window.facilitatorWorkspace.sync.stopped = true")
            await page.evaluate("window.facilitatorWorkspace.sync.socket.disconnect()")
            await page.click(field)
            await page.keyboard.type("Ж")
            await expect(page.locator(STATUS)).to_have_attribute("data-pending", "1")
            # Meanwhile the server was updated: this page's bundle is not the one it serves.
            await page.evaluate(
                """() => {
                    window.__oldPage = true;
                    const ws = window.facilitatorWorkspace;
                    ws.config.client_version = "0000000000000000";
                    ws.sync.stopped = false;
                    ws.sync.socket.connect();
                }"""
            )
            await page.wait_for_function("() => window.__oldPage === undefined")
            await expect(page.locator(STATUS_TEXT)).to_have_text(SAVED)
            await expect(page.locator(field)).to_have_value("Ж")
            await expect(other_page.locator(field)).to_have_value("Ж")
            await browser.close()

    run(scenario())


async def moderator_restores_the_lunch_version(moderator: Page, live) -> None:
    """The moderator restores the other group's version recorded at the phase change."""
    await moderator.goto(f"{live.base_url}/w/{live.other_group_id}/history")
    row = moderator.locator(".ws-history tr").filter(has_text="Смена этапа").first
    await row.locator(".ws-history-actions a").click()
    await moderator.locator("button", has_text="Восстановить эту версию").click()
    await expect(moderator.locator(".flash-success")).to_contain_text("восстановлена")


def test_edits_kept_across_a_restore_wait_for_the_persons_choice(live_workspace):
    """Typed offline before the moderator restored an earlier version: the page asks; sent only
    when the person says so, gone (after a confirmation) when they discard them."""
    live = live_workspace
    field = f"#f-{live.text_keys[0]}"
    lunch = "Модель, как её записали к обеду"
    ask = "[data-error]"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            mod_context = await browser.new_context(viewport={"width": 1280, "height": 800})
            mod_context.set_default_timeout(WAIT_MS)
            moderator = await mod_context.new_page()
            moderator.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
            await moderator.goto(f"{live.base_url}/login")
            await moderator.fill("input[name=email]", live.moderator_email)
            await moderator.fill("input[name=password]", live.moderator_password)
            await moderator.click("button[type=submit]")

            phone = await browser.new_context(
                viewport={"width": 360, "height": 780},
                locale="ru-RU",
                is_mobile=True,
                has_touch=True,
            )
            phone.set_default_timeout(WAIT_MS)
            await phone.add_cookies(
                [
                    {
                        "name": "facilitator_device",
                        "value": live.observer_device,
                        "url": live.base_url,
                    }
                ]
            )
            page = await phone.new_page()
            page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
            await page.goto(f"{live.base_url}/w/{live.other_group_id}")
            await expect(page.locator(STATUS_TEXT)).to_have_text(SAVED)
            await expect(page.locator(field)).to_have_value(f"{lunch}, и что дописали потом")

            # Round 1: offline edit, restore meanwhile, the person sends the edit anyway.
            await phone.set_offline(True)
            await expect(page.locator(STATUS)).to_have_attribute("data-state", "offline")
            await page.click(field)
            await page.keyboard.press("End")
            await page.keyboard.type(" Глеб.")
            await expect(page.locator(STATUS)).to_have_attribute("data-pending", "6")
            await moderator_restores_the_lunch_version(moderator, live)
            await phone.set_offline(False)
            await expect(page.locator(ask)).to_contain_text("модератор восстановил")
            await shot(page, "offline-360-5-asked-after-restore")
            await expect(page.locator(STATUS_TEXT)).to_have_text(unsent(6))
            await moderator.goto(f"{live.base_url}/w/{live.other_group_id}")
            await expect(moderator.locator(field)).to_have_value(lunch)
            await page.get_by_role("button", name="Отправить мои правки").click()
            await expect(page.locator(STATUS_TEXT)).to_have_text(SAVED)
            await expect(moderator.locator(field)).to_have_value(f"{lunch} Глеб.")

            # Round 2: the same again, but the person discards the kept edit.
            await phone.set_offline(True)
            await expect(page.locator(STATUS)).to_have_attribute("data-state", "offline")
            await page.click(field)
            await page.keyboard.press("End")
            await page.keyboard.type(" Ещё.")
            await moderator_restores_the_lunch_version(moderator, live)
            await phone.set_offline(False)
            await expect(page.locator(ask)).to_contain_text("модератор восстановил")
            await page.evaluate("window.__beforeDiscard = true")
            await page.get_by_role("button", name="Отказаться от моих правок").click()
            await page.wait_for_function("() => window.__beforeDiscard === undefined")
            await expect(page.locator(STATUS_TEXT)).to_have_text(SAVED)
            await expect(page.locator(field)).to_have_value(lunch)
            await moderator.goto(f"{live.base_url}/w/{live.other_group_id}")
            await expect(moderator.locator(field)).to_have_value(lunch)
            await browser.close()

    run(scenario())
