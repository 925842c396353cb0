"""A form sent back with errors brings the keyboard focus to its first wrong field, in sight with
its label and message: on a phone and on a laptop, also when the page opens at the form's
#fragment and when another field has autofocus."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright, expect

from tests.browser.conftest import (
    CHROMIUM_ARGS,
    MODERATOR_EMAIL,
    MODERATOR_PASSWORD,
    moderators_session,
    served_on_sqlite,
)
from tests.services import chromium_path

pytestmark = pytest.mark.browser

#: Enough agenda items that the form to add one is far below the top of the page
ITEMS = 8

#: Resolves once the browser has rendered twice more: what it does on its own after loading
#: a page (a #fragment's focus, autofocus) is done by then.
SETTLED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))"


def prepare(instance: Path, database_url: str) -> dict:
    """A moderator's session in preparation with a long agenda."""
    from facilitator.extensions import db
    from facilitator.sessions.models import AgendaItem, CreativeGroup

    with moderators_session(
        instance, database_url, phase="draft", starts_at=dt.time(10, 0), ends_at=dt.time(16, 0)
    ) as session:
        session.groups.append(CreativeGroup(name="Интеграция", position=1))
        for number in range(ITEMS):
            session.agenda.append(
                AgendaItem(
                    position=number,
                    starts_at=dt.time(10 + number // 2, 30 * (number % 2)),
                    duration_minutes=20,
                    title=f"Выступление о социальном партнёрстве школы, часть {number + 1}",
                    speaker="Иванова Мария Петровна",
                )
            )
        db.session.commit()
        return {"session_id": session.id}


async def refused_lands_on(page: Page, field_id: str, typed: str | None = None) -> None:
    """The page has settled with the focus on the field, which is in sight with its label and
    message, and is the page's first invalid field; what is ``typed`` goes into it."""
    await page.wait_for_load_state("load")
    await page.evaluate(SETTLED)
    field = page.locator(f"#{field_id}")
    await expect(field).to_be_focused()
    first = await page.evaluate(
        "() => document.activeElement === document.querySelector('[aria-invalid=\"true\"]')"
    )
    assert first, field_id
    for part in (field, page.locator(f"label[for={field_id}]"), page.locator(f"#{field_id}-error")):
        await expect(part).to_be_in_viewport()
    if typed is not None:
        await page.keyboard.type(typed)
        await expect(field).to_have_value(typed)


@pytest.mark.parametrize("width,height", [(360, 800), (1440, 900)])
def test_a_refused_form_brings_the_focus_to_its_first_wrong_field(tmp_path, width, height):
    async def scenario(base_url: str, session_id: int) -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            try:
                page = await browser.new_page(viewport={"width": width, "height": height})
                await page.goto(f"{base_url}/login")
                await page.fill("input[name=email]", MODERATOR_EMAIL)
                await page.fill("input[name=password]", MODERATOR_PASSWORD)
                await page.get_by_role("button", name="Войти").click()
                await expect(page).not_to_have_url(re.compile(r"/login"))

                # An agenda item without a title: the page opens at #add-item.
                await page.goto(f"{base_url}/sessions/{session_id}/agenda")
                await page.get_by_role("button", name="Добавить в программу").click()
                await expect(page).to_have_url(re.compile(r"#add-item$"))
                await refused_lands_on(page, "title", "Кофе-брейк")

                # A survey question without its wording: the page opens at #add-question.
                await page.goto(f"{base_url}/sessions/{session_id}/survey")
                await page.get_by_role("button", name="Добавить вопрос").click()
                await expect(page).to_have_url(re.compile(r"#add-question$"))
                await refused_lands_on(page, "title", "Что было полезным?")

                # A new session without a date: the title's autofocus does not win.
                await page.goto(f"{base_url}/sessions/new")
                await page.fill("#title", "Сессия о профориентации")
                await page.fill("#date", "")
                await page.locator("form.session-form button[type=submit]").click()
                await refused_lands_on(page, "date")
            finally:
                await browser.close()

    with served_on_sqlite(tmp_path, prepare) as (base_url, data):
        asyncio.run(asyncio.wait_for(scenario(base_url, data["session_id"]), 90))
