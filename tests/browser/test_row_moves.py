"""Moving table rows while others type, offline or online, in real Chromium against a real server.

A row moves by changing its order key, never by being deleted and copied: every character
typed into it while it moves ends up in every browser and in the server's snapshot.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright, expect

from tests.browser.conftest import LiveWorkspace
from tests.browser.test_coediting import all_saved, launch, member_page

pytestmark = [pytest.mark.browser, pytest.mark.live]

FIRST = ["педагог", "родитель", "выпускник"]


def server_rows(tmp_path: Path, live: LiveWorkspace) -> list[dict[str, str]]:
    """The table's rows in the server's snapshot (what the documents and the API are made of)."""
    from facilitator import create_app
    from facilitator.extensions import db
    from facilitator.realtime import service
    from facilitator.sessions.models import CreativeGroup

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "ASYNC_MODE": "threading",
        }
    )
    with app.app_context():
        group = db.session.get(CreativeGroup, live.group_id)
        rows = service.document_snapshot(group)["sections"][live.table_key]["rows"]
        db.session.remove()
        db.engine.dispose()
    return rows


async def first_cells(page: Page, live: LiveWorkspace) -> list[str]:
    """The first cell of every row, in the order the page shows them."""
    return await page.locator(f"#s-{live.table_key} tbody tr").evaluate_all(
        "rows => rows.map(r => r.querySelector('textarea').value)"
    )


async def three_rows(page: Page, live: LiveWorkspace) -> None:
    """Add three rows, one word in each first cell, and wait until they are saved."""
    add = page.locator(f"#s-{live.table_key} [data-add-row]")
    for word in FIRST:
        await add.click()
        await page.keyboard.type(word)
    await all_saved(page)


async def same_everywhere(pages: list[Page], live: LiveWorkspace, expected: list[str]) -> None:
    """Every page shows exactly ``expected`` as the rows' first cells, in that order."""
    for page in pages:
        await all_saved(page)
        rows = page.locator(f"#s-{live.table_key} tbody tr")
        await expect(rows).to_have_count(len(expected))
        for index, value in enumerate(expected):
            await expect(rows.nth(index).locator("textarea").first).to_have_value(value)


def check_server(tmp_path: Path, live: LiveWorkspace, expected: list[str]) -> None:
    """The server's snapshot holds the same rows, in the same order."""
    column = live.table_columns[0]
    assert [row[column] for row in server_rows(tmp_path, live)] == expected


def test_typing_into_a_row_while_another_member_moves_it_up(
    live_workspace: LiveWorkspace, tmp_path: Path
):
    """Anna types 22 characters into the third row while Boris clicks ↑ on it: nothing is lost."""
    live = live_workspace
    typed = " и его наставник в ОПК"
    assert len(typed) == 22

    async def scenario() -> list[str]:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, anna = await member_page(browser, live, live.devices[0])
            _, boris = await member_page(browser, live, live.devices[1])
            await three_rows(anna, live)
            await expect(boris.locator(f"#s-{live.table_key} tbody tr")).to_have_count(3)
            cell = anna.locator(f"#s-{live.table_key} tbody tr").nth(2).locator("textarea").first
            await cell.click()
            await anna.keyboard.press("End")

            async def move_soon() -> None:
                await asyncio.sleep(0.3)
                rows = boris.locator(f"#s-{live.table_key} tbody tr")
                await rows.nth(2).locator("[data-row-action=up]").click()

            await asyncio.gather(anna.keyboard.type(typed, delay=60), move_soon())
            expected = [FIRST[0], FIRST[2] + typed, FIRST[1]]
            _, vera = await member_page(browser, live, live.devices[2])
            await same_everywhere([anna, boris, vera], live, expected)
            await browser.close()
            return expected

    expected = asyncio.run(scenario())
    check_server(tmp_path, live, expected)


def test_offline_typing_into_a_row_that_another_member_moves(
    live_workspace: LiveWorkspace, tmp_path: Path
):
    """Anna types 17 characters offline; Boris moves that row; after reconnecting both stay."""
    live = live_workspace
    typed = " (без сети, 17 с)"
    assert len(typed) == 17

    async def scenario() -> list[str]:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, anna = await member_page(browser, live, live.devices[0])
            _, boris = await member_page(browser, live, live.devices[1])
            await three_rows(anna, live)
            await expect(boris.locator(f"#s-{live.table_key} tbody tr")).to_have_count(3)
            await anna.evaluate("window.facilitatorWorkspace.sync.stopped = true")
            await anna.evaluate("window.facilitatorWorkspace.sync.socket.disconnect()")
            await expect(anna.locator("[data-status]")).not_to_have_attribute(
                "data-state", "connected"
            )
            cell = anna.locator(f"#s-{live.table_key} tbody tr").nth(2).locator("textarea").first
            await cell.click()
            await anna.keyboard.press("End")
            await anna.keyboard.type(typed, delay=20)
            await expect(anna.locator("[data-status-text]")).to_contain_text("ещё не отправлен")
            rows = boris.locator(f"#s-{live.table_key} tbody tr")
            await rows.nth(2).locator("[data-row-action=up]").click()
            await expect(rows.nth(1).locator("textarea").first).to_have_value(FIRST[2])
            await all_saved(boris)
            await anna.evaluate(
                "() => { const s = window.facilitatorWorkspace.sync;"
                " s.stopped = false; s.socket.connect(); }"
            )
            expected = [FIRST[0], FIRST[2] + typed, FIRST[1]]
            _, vera = await member_page(browser, live, live.devices[2])
            await same_everywhere([anna, boris, vera], live, expected)
            await browser.close()
            return expected

    expected = asyncio.run(scenario())
    check_server(tmp_path, live, expected)


def test_two_members_move_the_same_row_up_at_once(live_workspace: LiveWorkspace, tmp_path: Path):
    """Anna and Boris click ↑ on the third row at the same moment: three rows stay, not four."""
    live = live_workspace

    async def scenario() -> list[str]:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, anna = await member_page(browser, live, live.devices[0])
            _, boris = await member_page(browser, live, live.devices[1])
            await three_rows(anna, live)
            await expect(boris.locator(f"#s-{live.table_key} tbody tr")).to_have_count(3)
            await expect(
                boris.locator(f"#s-{live.table_key} tbody tr").nth(2).locator("textarea").first
            ).to_have_value(FIRST[2])
            up = "[data-row-action=up]"
            await asyncio.gather(
                anna.locator(f"#s-{live.table_key} tbody tr").nth(2).locator(up).click(),
                boris.locator(f"#s-{live.table_key} tbody tr").nth(2).locator(up).click(),
            )
            expected = [FIRST[0], FIRST[2], FIRST[1]]
            _, vera = await member_page(browser, live, live.devices[2])
            await same_everywhere([anna, boris, vera], live, expected)
            # Both pages show the same order as the server, and one row per id.
            ids = await anna.locator(f"#s-{live.table_key} tbody tr").count()
            assert ids == 3
            await browser.close()
            return expected

    expected = asyncio.run(scenario())
    check_server(tmp_path, live, expected)
    rows = server_rows(tmp_path, live)
    assert len({row["id"] for row in rows}) == 3
