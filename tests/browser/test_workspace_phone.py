"""The group's model on a 360 px phone: what a finger taps while writing is big enough to hit."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveWorkspace
from tests.browser.test_coediting import all_saved, launch, member_page, run

pytestmark = [pytest.mark.browser, pytest.mark.live]

#: The smallest tap target (the design system's --target-min)
TARGET_PX = 44

#: What a member taps while writing the model, by what it is
TAPPED = {
    "example": ".ws-example summary",
    "add row": "[data-add-row]",
    "row button": ".ws-row-actions .btn",
    "back to the session": ".ws-links a",
}

SIZES = """(root, tapped) => Object.entries(tapped).flatMap(([what, selector]) =>
    [...root.querySelectorAll(selector)].map(el => {
        const box = el.getBoundingClientRect();
        return {what, width: Math.round(box.width), height: Math.round(box.height)};
    }))"""


def test_the_controls_of_the_model_are_finger_sized_on_a_phone(live_workspace: LiveWorkspace):
    live = live_workspace

    async def scenario() -> None:
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            browser = await launch(playwright)
            _, phone = await member_page(browser, live, live.devices[0], width=360, height=800)
            await phone.click(f"#s-{live.table_key} [data-add-row]")
            await phone.keyboard.type("педагог")
            await all_saved(phone)
            targets = await phone.locator("[data-workspace]").evaluate(SIZES, TAPPED)
            assert {t["what"] for t in targets} == set(TAPPED)
            small = [t for t in targets if t["height"] < TARGET_PX or t["width"] < TARGET_PX]
            assert small == [], f"too small to tap on a phone: {small}"
            width = await phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, "the phone page scrolls sideways"
            await browser.close()

    run(scenario())
