"""Co-editing tells screen readers who came and who left, through a polite live region."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, LiveWorkspace
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_member_hears_who_joined_and_who_left_the_workspace(live_workspace: LiveWorkspace):
    live = live_workspace
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        def member(device: str):
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU")
            context.add_cookies(
                [{"name": "facilitator_device", "value": device, "url": live.base_url}]
            )
            page = context.new_page()
            page.goto(f"{live.base_url}/w/{live.group_id}")
            expect(page.locator("[data-status]")).to_have_attribute("data-state", "connected")
            return context, page

        _, anna = member(live.devices[0])
        region = anna.locator("[data-presence-live]")
        expect(region).to_have_attribute("role", "status")
        expect(region).to_have_attribute("aria-live", "polite")
        expect(region).to_have_text("")  # who was there on arrival is in the list, not read out

        boris_context, _ = member(live.devices[1])
        expect(region).to_have_text("Теперь в сети: Борис Смирнов.")
        # The save state has its own element; the presence region says only who came and went.
        assert anna.locator("[data-presence-live] [data-status-text]").count() == 0

        boris_context.close()
        expect(region).to_have_text("Вышли из сети: Борис Смирнов.", timeout=20_000)
        browser.close()
