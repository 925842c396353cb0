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


def test_without_the_connection_nobody_is_shown_online_and_nobody_is_announced_back(
    live_workspace: LiveWorkspace,
):
    live = live_workspace
    people = "[data-presence]"

    async def scenario() -> None:
        from playwright.async_api import async_playwright, expect

        async with async_playwright() as playwright:
            browser = await launch(playwright)
            context, phone = await member_page(browser, live, live.devices[0], width=360)
            _, other = await member_page(browser, live, live.devices[1])
            await other.click(f"#f-{live.text_keys[0]}")
            note = phone.locator(f"#s-{live.text_keys[0]} [data-editing]")
            await expect(note).to_have_text("Сейчас здесь: Борис Смирнов")
            await expect(phone.locator(people)).to_contain_text("Борис Смирнов")
            # His arrival is announced once, after a short gathering; wait for it to be said.
            await expect(phone.locator("[data-presence-live]")).to_contain_text("Борис Смирнов")

            await context.set_offline(True)
            await expect(phone.locator("[data-status]")).not_to_have_attribute(
                "data-state", "connected"
            )
            await expect(phone.locator(f"{people} li")).to_have_count(0)
            await expect(note).to_be_hidden()

            await context.set_offline(False)
            await expect(phone.locator(people)).to_contain_text("Борис Смирнов")
            await expect(note).to_have_text("Сейчас здесь: Борис Смирнов")
            # Coming back is not news for the screen reader: nobody is queued to be announced.
            queued = await phone.evaluate("() => [...window.facilitatorWorkspace.announcer.joined]")
            assert queued == []
            await browser.close()

    run(scenario())
