"""The living page of the design system in Chromium: every component passes axe-core on a
laptop and on a 360 px phone, and the typeface is the app's own."""

from __future__ import annotations

import asyncio

from playwright.async_api import async_playwright

from tests.browser.axe import summary, violations
from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.test_projector_look import hall  # noqa: F401  (the fixture)
from tests.services import chromium_path


def test_the_design_page_is_accessible_at_every_width_and_uses_golos_text(hall):  # noqa: F811
    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            context = await browser.new_context(viewport={"width": 1440, "height": 900})
            page = await context.new_page()
            await page.goto(f"{hall.base_url}/login")
            await page.fill("input[name=email]", hall.email)
            await page.fill("input[name=password]", hall.password)
            await page.click("button[type=submit]")
            for width, height in ((1440, 900), (360, 740), (1920, 1080)):
                await page.set_viewport_size({"width": width, "height": height})
                await page.goto(f"{hall.base_url}/design")
                await page.evaluate("document.fonts.ready.then(() => true)")
                assert await page.evaluate(
                    "document.fonts.check('16px \"Golos Text Variable\"', 'Проект')"
                )
                wide = await page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert wide <= 0, f"{width}px: the page scrolls sideways by {wide}px"
                found = await violations(page)
                assert not found, f"/design at {width}px: axe-core found\n{summary(found)}"
            await browser.close()

    asyncio.run(scenario())
