"""Two members co-edit one model in real Chromium against a real server."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from tests.browser.conftest import CHROMIUM_ARGS, LiveWorkspace
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.live]

STATUS = "[data-status]"


def run(coroutine) -> None:
    """Drive Playwright's async API from a plain test."""
    asyncio.run(coroutine)


async def launch(playwright) -> Browser:
    """Debian's Chromium, headless."""
    return await playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
    )


async def member_page(
    browser: Browser, live: LiveWorkspace, device: str, width: int = 1280, height: int = 900
) -> tuple[BrowserContext, Page]:
    """A fresh browser profile carrying a member's device cookie, on the group's workspace."""
    context = await browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
    await context.add_cookies(
        [{"name": "facilitator_device", "value": device, "url": live.base_url}]
    )
    page = await context.new_page()
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    await page.goto(f"{live.base_url}/w/{live.group_id}")
    await expect(page.locator(STATUS)).to_have_attribute("data-state", "connected")
    return context, page


async def all_saved(page: Page) -> None:
    """Wait until the page has no edit waiting for the server's acknowledgement."""
    await page.wait_for_function("() => window.facilitatorWorkspace.sync.pendingCount === 0")
    await expect(page.locator("[data-status-text]")).to_have_text(
        "Все изменения сохранены на сервере"
    )


async def value_of(page: Page, selector: str) -> str:
    """A field's current value."""
    return await page.locator(selector).input_value()


def test_two_members_type_into_one_field_at_once(live_workspace: LiveWorkspace):
    """Both texts end up on both pages, whole, and a fresh page loads them from the server."""
    live = live_workspace
    field = f"#f-{live.text_keys[1]}"
    text_a = "Анна: непрерывное сопровождение. "
    text_b = "Борис: наставничество выпускников. "

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, page_a = await member_page(browser, live, live.devices[0])
            _, page_b = await member_page(browser, live, live.devices[1])
            await expect(page_a.locator(STATUS)).to_contain_text(
                "Все изменения сохранены на сервере"
            )
            await page_a.click(field)
            await page_b.click(field)
            await asyncio.gather(
                page_a.keyboard.type(text_a, delay=25),
                page_b.keyboard.type(text_b, delay=25),
            )
            await all_saved(page_a)
            await all_saved(page_b)
            merged = text_a + text_b
            for page in (page_a, page_b):
                await page.wait_for_function(
                    "([sel, n]) => document.querySelector(sel).value.length === n",
                    arg=[field, len(merged)],
                )
            value_a = await value_of(page_a, field)
            assert value_a == await value_of(page_b, field)
            assert text_a in value_a and text_b in value_a

            _, page_c = await member_page(browser, live, live.devices[2])
            await expect(page_c.locator(field)).to_have_value(value_a)
            # Presence: the others see who is in which section.
            await page_a.click(field)
            await expect(page_c.locator(f"#s-{live.text_keys[1]} [data-editing]")).to_contain_text(
                "Анна Петрова"
            )
            await expect(page_c.locator("[data-presence]")).to_contain_text("Борис Смирнов")
            await browser.close()

    run(scenario())


def test_caret_stays_in_place_when_a_remote_insert_lands_before_it(
    live_workspace: LiveWorkspace,
):
    """Anna types in the middle; Boris inserts at the start; Anna's caret keeps its place."""
    live = live_workspace
    field = f"#f-{live.text_keys[2]}"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, page_a = await member_page(browser, live, live.devices[0])
            _, page_b = await member_page(browser, live, live.devices[1])
            await page_a.click(field)
            await page_a.keyboard.type("Hello world")
            await expect(page_b.locator(field)).to_have_value("Hello world")
            # Anna's caret after "Hello", where she is about to type.
            await page_a.evaluate(f"document.querySelector('{field}').setSelectionRange(5, 5)")
            await page_b.click(field)
            await page_b.keyboard.press("Control+Home")
            await page_b.keyboard.type("XYZ ")
            await expect(page_a.locator(field)).to_have_value("XYZ Hello world")
            caret = await page_a.evaluate(
                f"[document.querySelector('{field}').selectionStart,"
                f" document.querySelector('{field}').selectionEnd]"
            )
            assert caret == [9, 9]
            assert await page_a.evaluate(
                f"document.activeElement === document.querySelector('{field}')"
            )
            await page_a.keyboard.type(",")
            await expect(page_b.locator(field)).to_have_value("XYZ Hello, world")
            # A remote deletion before the caret pulls it back by as much.
            await page_b.keyboard.press("Backspace")
            await page_b.keyboard.press("Backspace")
            await expect(page_a.locator(field)).to_have_value("XYHello, world")
            await page_a.keyboard.type("!")
            await expect(page_b.locator(field)).to_have_value("XYHello,! world")

            # While a phone keyboard composes a word, remote edits wait; then both merge.
            await page_a.evaluate(
                f"""() => {{
                    const el = document.querySelector('{field}');
                    el.setSelectionRange(9, 9);
                    el.dispatchEvent(new CompositionEvent('compositionstart'));
                }}"""
            )
            await page_b.keyboard.press("Control+Home")
            await page_b.keyboard.type("1")
            await expect(page_b.locator(field)).to_have_value("1XYHello,! world")
            await page_a.wait_for_timeout(500)
            assert await value_of(page_a, field) == "XYHello,! world"
            await page_a.evaluate(
                f"""() => {{
                    const el = document.querySelector('{field}');
                    el.setRangeText('ok', 9, 9, 'end');
                    el.dispatchEvent(new InputEvent('input'));
                    el.dispatchEvent(new CompositionEvent('compositionend', {{data: 'ok'}}));
                }}"""
            )
            await expect(page_a.locator(field)).to_have_value("1XYHello,!ok world")
            await expect(page_b.locator(field)).to_have_value("1XYHello,!ok world")
            caret = await page_a.evaluate(f"document.querySelector('{field}').selectionStart")
            assert caret == 12
            await browser.close()

    run(scenario())


def test_table_rows_are_added_edited_moved_and_removed_together(live_workspace: LiveWorkspace):
    """Rows added on one page appear on the other; moving and removing reach everyone."""
    live = live_workspace
    table = f"#s-{live.table_key}"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, page_a = await member_page(browser, live, live.devices[0])
            _, page_b = await member_page(browser, live, live.devices[1])
            add = page_a.locator(f"{table} [data-add-row]")
            await add.click()
            await page_a.keyboard.type("педагог")
            await add.click()
            await page_a.keyboard.type("родитель")
            rows_b = page_b.locator(f"{table} tbody tr")
            await expect(rows_b).to_have_count(2)
            await expect(rows_b.nth(1).locator("textarea").first).to_have_value("родитель")
            # Boris moves the second row up with the keyboard.
            await rows_b.nth(1).locator("[data-row-action=up]").focus()
            await page_b.keyboard.press("Enter")
            rows_a = page_a.locator(f"{table} tbody tr")
            await expect(rows_a.nth(0).locator("textarea").first).to_have_value("родитель")
            await expect(rows_a.nth(1).locator("textarea").first).to_have_value("педагог")
            # Anna removes the first row (after confirming).
            await rows_a.nth(0).locator("[data-row-action=remove]").click()
            await expect(rows_b).to_have_count(1)
            await expect(rows_b.nth(0).locator("textarea").first).to_have_value("педагог")
            await all_saved(page_a)
            await all_saved(page_b)
            await browser.close()

    run(scenario())


def test_offline_edits_survive_a_reload(live_workspace: LiveWorkspace):
    """Edits made with the connection down are kept on the device and sent after reloading."""
    live = live_workspace
    field = f"#f-{live.text_keys[3]}"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            context_a, page_a = await member_page(browser, live, live.devices[0])
            await page_a.click(field)
            await page_a.keyboard.type("До обрыва. ")
            await all_saved(page_a)
            # The venue's Wi-Fi drops: the socket goes down and stays down.
            await page_a.evaluate("window.facilitatorWorkspace.sync.stopped = true")
            await page_a.evaluate("window.facilitatorWorkspace.sync.socket.disconnect()")
            await expect(page_a.locator(STATUS)).not_to_have_attribute("data-state", "connected")
            await page_a.keyboard.type("Без связи.")
            await expect(page_a.locator("[data-status-text]")).to_contain_text(
                "Сохранено на этом устройстве, 10 правок ещё не отправлено"
            )
            # Kept in IndexedDB beside the model: the count of edits not yet sent.
            await page_a.wait_for_function(
                """() => new Promise((resolve) => {
                    const open = indexedDB.open(window.facilitatorWorkspace.config.offline_store);
                    open.onsuccess = () => {
                        const get = open.result.transaction("custom").objectStore("custom")
                            .get("meta");
                        get.onsuccess = () => resolve(get.result && get.result.pending === 10);
                    };
                })"""
            )
            await page_a.close()
            # A reload later: the stored edits are applied before joining and sent.
            page = await context_a.new_page()
            await page.goto(f"{live.base_url}/w/{live.group_id}")
            await expect(page.locator(field)).to_have_value("До обрыва. Без связи.")
            await all_saved(page)
            _, page_c = await member_page(browser, live, live.devices[2])
            await expect(page_c.locator(field)).to_have_value("До обрыва. Без связи.")
            await browser.close()

    run(scenario())


def test_screenshots_on_a_phone_and_a_laptop(live_workspace: LiveWorkspace, tmp_path: Path):
    """The workspace renders at 360 px and 1280 px; the pictures are kept for a person to see."""
    live = live_workspace
    folder = Path(os.environ.get("FACILITATOR_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, page_a = await member_page(browser, live, live.devices[0], width=1280)
            await page_a.click(f"#f-{live.text_keys[0]}")
            await page_a.keyboard.type("PROFориентир: профориентация в координатах XXI века")
            await page_a.click(f"#s-{live.table_key} [data-add-row]")
            await page_a.keyboard.type("педагог")
            await all_saved(page_a)
            _, phone = await member_page(browser, live, live.devices[1], width=360, height=780)
            await phone.click(f"#f-{live.text_keys[1]}")
            await expect(page_a.locator(f"#s-{live.text_keys[1]} [data-editing]")).to_be_visible()
            width = await phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, "the phone page scrolls sideways"
            await phone.screenshot(path=str(folder / "workspace-360.png"), full_page=False)
            await phone.locator(f"#s-{live.table_key}").scroll_into_view_if_needed()
            await phone.screenshot(path=str(folder / "workspace-360-table.png"))
            await page_a.screenshot(path=str(folder / "workspace-1280-table.png"))
            await page_a.evaluate("window.scrollTo(0, 0)")
            await page_a.screenshot(path=str(folder / "workspace-1280.png"))
            await browser.close()

    run(scenario())
    assert (folder / "workspace-360.png").stat().st_size > 5000
    assert (folder / "workspace-1280.png").stat().st_size > 5000


def test_moderator_watches_progress_live_and_sees_the_history(live_workspace: LiveWorkspace):
    """The progress board moves when a member writes; the history lists versions."""
    live = live_workspace
    folder = Path(os.environ.get("FACILITATOR_SCREENSHOTS") or "/nonexistent")

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            context = await browser.new_context(viewport={"width": 1280, "height": 800})
            board = await context.new_page()
            await board.goto(f"{live.base_url}/login")
            await board.fill("input[name=email]", live.moderator_email)
            await board.fill("input[name=password]", live.moderator_password)
            await board.click("button[type=submit]")
            await board.goto(f"{live.base_url}/w/session/{live.session_id}/progress")
            await expect(board.locator(STATUS)).to_have_attribute("data-state", "connected")
            group = board.locator(f"[data-group='{live.group_id}']")
            await expect(group.locator("[data-progress]")).to_have_attribute("aria-valuenow", "0")

            _, member = await member_page(browser, live, live.devices[0])
            await member.click(f"#f-{live.text_keys[0]}")
            await member.keyboard.type("PROFориентир")
            await expect(group.locator("[data-progress]")).to_have_attribute("aria-valuenow", "1")
            await expect(group.locator("[data-progress-text]")).to_have_text(
                "Заполнено разделов: 1 из 16"
            )
            if folder.is_dir():
                await board.screenshot(path=str(folder / "progress-1280.png"))
            # The other group's history: one version, viewed and restored.
            await board.goto(f"{live.base_url}/w/{live.other_group_id}/history")
            await expect(board.locator("h1")).to_contain_text("История модели")
            await board.set_viewport_size({"width": 360, "height": 700})
            if folder.is_dir():
                await board.screenshot(path=str(folder / "history-360.png"))
            await board.locator(".ws-history-actions a").first.click()
            await expect(board.locator(".ws-snapshot")).to_contain_text("к обеду")
            await expect(board.locator(".ws-snapshot")).not_to_contain_text("дописали")
            if folder.is_dir():
                await board.screenshot(path=str(folder / "version-360.png"))
            board.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
            await board.locator("button", has_text="Восстановить эту версию").click()
            await expect(board.locator(".flash-success")).to_contain_text("восстановлена")
            await board.goto(f"{live.base_url}/w/{live.other_group_id}")
            await expect(board.locator(f"#f-{live.text_keys[0]}")).to_have_value(
                "Модель, как её записали к обеду"
            )
            await browser.close()

    run(scenario())


def test_another_groups_participant_reads_but_cannot_edit(live_workspace: LiveWorkspace):
    """A participant of the other group sees the model live, read-only, with the reason."""
    live = live_workspace
    field = f"#f-{live.text_keys[0]}"

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, writer = await member_page(browser, live, live.devices[0])
            _, reader = await member_page(browser, live, live.observer_device, width=360)
            banner = reader.locator("[data-readonly]")
            await expect(banner).to_be_visible()
            await expect(banner).to_contain_text("другой группы")
            await expect(reader.locator(field)).to_have_attribute("readonly", "")
            await expect(reader.locator(f"#s-{live.table_key} [data-add-row]")).to_be_hidden()
            await writer.click(field)
            await writer.keyboard.type("Видно всем")
            await expect(reader.locator(field)).to_have_value("Видно всем")
            await reader.click(field)
            await reader.keyboard.type("не моё")
            await expect(reader.locator(field)).to_have_value("Видно всем")
            await browser.close()

    run(scenario())
