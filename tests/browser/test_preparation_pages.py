"""The organisers' door pages on a laptop and a phone: nothing scrolls sideways, nothing is lost."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright, expect

from tests.browser.conftest import (
    CHROMIUM_ARGS,
    MODERATOR_PASSWORD,
    moderators_session,
    served_on_sqlite,
)
from tests.services import chromium_path

pytestmark = pytest.mark.browser

PEOPLE = 6


def prepare_roster(instance: Path, database_url: str) -> dict:
    """A session in the lobby with six people in two groups, with long organisations and e-mails."""
    from facilitator.extensions import db
    from facilitator.sessions.models import CreativeGroup, Participant

    with moderators_session(instance, database_url, phase="lobby") as session:
        groups = [
            CreativeGroup(name="Интеграция образовательных возможностей", position=1),
            CreativeGroup(name="Социальная ответственность – успех в любой профессии", position=2),
        ]
        session.groups.extend(groups)
        for number in range(PEOPLE):
            session.participants.append(
                Participant(
                    full_name=f"Константинопольская Александра Вячеславовна {number}",
                    organisation="ГБОУ СОШ № 496 с углублённым изучением английского языка "
                    "Московского района Санкт-Петербурга",
                    position="заместитель директора по учебно-воспитательной работе",
                    city="Московский район",
                    email=f"konstantinopolskaya.aleksandra.{number}@school496.spb.ru",
                    source="import",
                    group=groups[number % 2],
                )
            )
        db.session.commit()
        return {"session_id": session.id}


async def logged_in(browser, base_url: str, width: int) -> Page:
    page = await browser.new_page(viewport={"width": width, "height": 900})
    await page.goto(f"{base_url}/login")
    await page.fill("input[name=email]", "browser@example.org")
    await page.fill("input[name=password]", MODERATOR_PASSWORD)
    await page.get_by_role("button", name="Войти").click()
    await expect(page).not_to_have_url(re.compile(r"/login"))
    return page


async def sideways(page: Page) -> dict[str, int]:
    """How far the page and its table scroll sideways (0 when everything fits)."""
    return await page.evaluate(
        """() => {
          const root = document.documentElement;
          const wrap = document.querySelector('.table-wrap');
          return {page: root.scrollWidth - root.clientWidth,
                  table: wrap ? wrap.scrollWidth - wrap.clientWidth : 0};
        }"""
    )


async def right_edges(page: Page, selector: str) -> list[float]:
    """The right edge of every element matched, in CSS pixels."""
    return await page.locator(selector).evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().right)"
    )


def run(scenario) -> None:
    async def wrapped(base_url: str, data: dict) -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            try:
                await scenario(browser, base_url, data)
            finally:
                await browser.close()

    return wrapped


@pytest.mark.parametrize("width", [360, 1440])
def test_the_roster_shows_every_button_without_scrolling_sideways(tmp_path, width):
    async def scenario(browser, base_url: str, data: dict) -> None:
        page = await logged_in(browser, base_url, width)
        await page.goto(f"{base_url}/sessions/{data['session_id']}/participants")
        await expect(page.locator("table.roster")).to_be_visible()
        assert await sideways(page) == {"page": 0, "table": 0}
        for selector in ("table.roster button", "table.roster select"):
            edges = await right_edges(page, selector)
            assert edges and max(edges) <= width, (selector, max(edges))
        # Removing someone still asks first; saying no keeps them.
        questions: list[str] = []

        async def refuse(dialog) -> None:
            questions.append(dialog.message)
            await dialog.dismiss()

        page.on("dialog", refuse)
        await page.locator("table.roster").get_by_role("button", name="Удалить").first.click()
        await expect(page.locator("table.roster tbody tr:not(.group-row)")).to_have_count(PEOPLE)
        assert questions and "Удалить" in questions[0]

    with served_on_sqlite(tmp_path, prepare_roster) as (base_url, data):
        asyncio.run(asyncio.wait_for(run(scenario)(base_url, data), 90))


def test_the_check_in_page_says_nobody_yet_and_brings_a_refused_walk_in_back_to_its_form(
    tmp_path,
):
    async def scenario(browser, base_url: str, data: dict) -> None:
        page = await logged_in(browser, base_url, 360)
        await page.goto(f"{base_url}/sessions/{data['session_id']}/door/checkin")
        nobody = page.get_by_text("Пока никто не отмечен.")
        await expect(nobody).to_be_visible()

        await page.get_by_role("button", name="Зарегистрировать и отметить").click()
        name = page.locator("#full_name")
        await expect(name).to_be_focused()
        await expect(name).to_be_in_viewport()
        await expect(page.locator("#full_name-error")).to_be_in_viewport()

        await page.locator("[data-door-search]").fill("константинопольская")
        row = page.locator("[data-door-results] li").first
        await row.get_by_role("button", name="Отметить").click()
        await expect(page.locator("[data-door-feed] li")).to_have_count(1)
        await expect(nobody).to_be_hidden()
        assert (await sideways(page))["page"] == 0

    with served_on_sqlite(tmp_path, prepare_roster) as (base_url, data):
        asyncio.run(asyncio.wait_for(run(scenario)(base_url, data), 90))


@pytest.mark.parametrize("width", [360, 1440])
def test_the_roster_and_door_pages_keep_the_heading_where_the_other_tabs_have_it(tmp_path, width):
    async def scenario(browser, base_url: str, data: dict) -> None:
        page = await logged_in(browser, base_url, width)
        session_url = f"{base_url}/sessions/{data['session_id']}"

        async def heading_box(path: str) -> dict:
            await page.goto(f"{session_url}/{path}")
            title = page.locator(".session-head h1")
            await expect(title).to_have_text(re.compile("Модели взаимодействия"))
            await expect(page.locator(".session-head .badge")).to_have_text("Регистрация")
            assert await sideways(page) == {"page": 0, "table": 0}, path
            box = await title.bounding_box()
            return {"x": box["x"], "width": box["width"]}

        attendance = await heading_box("attendance")
        for path in ("participants", "door/import", "door/invitations"):
            assert await heading_box(path) == attendance, path
        # Only the roster's table takes the wider page, so that a laptop shows every column.
        await page.goto(f"{session_url}/participants")
        table = await page.locator(".roster-wrap").bounding_box()
        column = await page.locator(".roster-summary").bounding_box()
        if width > 1200:
            assert table["width"] > column["width"] + 200
        # At the door the search field is on the phone's first screen, under a compact heading.
        await page.goto(f"{session_url}/door/checkin")
        await expect(page.locator(".session-head-compact")).to_contain_text("Регистрация")
        await expect(page.locator("[data-door-search]")).to_be_in_viewport()
        assert (await sideways(page))["page"] == 0

    with served_on_sqlite(tmp_path, prepare_roster) as (base_url, data):
        asyncio.run(asyncio.wait_for(run(scenario)(base_url, data), 90))
