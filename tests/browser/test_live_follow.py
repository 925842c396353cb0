"""Phase changes reach the workspace page and phones in their own language, in real Chromium."""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import Page, async_playwright, expect

from tests.browser.conftest import CHROMIUM_ARGS, MODERATOR_EMAIL, MODERATOR_PASSWORD
from tests.browser.test_live_flow import LiveHall, connected, live_hall, shot  # noqa: F401
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.live]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


async def phone_page(browser, hall: LiveHall, language: str | None = None) -> Page:
    """The member's phone (its device cookie), its pages in ``language`` when it chose one."""
    context = await browser.new_context(locale="en-GB" if language == "en" else "ru-RU", **PHONE)
    cookies = [{"name": "facilitator_device", "value": hall.device, "url": hall.base_url}]
    if language:
        cookies.append({"name": "facilitator_lang", "value": language, "url": hall.base_url})
    await context.add_cookies(cookies)
    return await context.new_page()


def test_the_workspace_page_and_an_english_phone_follow_phase_changes(live_hall):  # noqa: F811
    hall = live_hall

    async def scenario() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
            )
            questions: list[str] = []
            moderator = await (
                await browser.new_context(viewport={"width": 1440, "height": 900})
            ).new_page()

            async def answer(dialog) -> None:
                questions.append(dialog.message)
                await dialog.accept()

            moderator.on("dialog", answer)
            await moderator.goto(f"{hall.base_url}/login")
            await moderator.fill("input[name=email]", MODERATOR_EMAIL)
            await moderator.fill("input[name=password]", MODERATOR_PASSWORD)
            await moderator.click("button[type=submit]")
            await moderator.goto(f"{hall.base_url}/sessions/{hall.session_id}/live")
            await connected(moderator)
            await moderator.locator("#phase-group_work").click()
            await expect(moderator.locator(".session-head .badge")).to_have_text("Работа в группах")

            # The Russian phone opens its group's model from the participant home.
            phone = await phone_page(browser, hall)
            await phone.goto(f"{hall.base_url}/s/{hall.join_code}/")
            await phone.locator(".live-big-link:visible").click()
            await expect(phone).to_have_url(re.compile(r"/w/\d+$"))
            await connected(phone)
            field = phone.locator("textarea[data-text]").first
            await expect(field).not_to_have_attribute("readonly", "")
            await phone.evaluate("window.__noReload = true")

            # The English phone: its pages and the pushed phase name are English.
            english = await phone_page(browser, hall, "en")
            await english.goto(f"{hall.base_url}/s/{hall.join_code}/")
            await connected(english)
            await expect(english.locator("[data-live-phase-label]")).to_have_text("Group work")
            await english.evaluate("window.__noReload = true")
            english_model = await english.context.new_page()
            await english_model.goto(phone.url)
            await connected(english_model)

            # The projector follows the models: a section filled on the phone shows there.
            projector = await (
                await browser.new_context(viewport={"width": 1920, "height": 1080})
            ).new_page()
            await projector.goto(f"{hall.base_url}/p/{hall.projector_token}")
            await connected(projector)
            first_group = projector.locator(".pj-group-card").first
            await expect(first_group.locator(".pj-meter-text")).to_have_text("4/16")
            await phone.locator("#f-starting_context").fill("Школа и социальные партнёры")
            await expect(first_group.locator(".pj-meter-text")).to_have_text("5/16")
            await expect(moderator.get_by_text("5 из 16")).to_be_visible()
            await shot(projector, "projector-progress-followed")

            await moderator.locator("#phase-presentations").click()
            notice = phone.locator("[data-live-notice]")
            await expect(notice).to_be_visible()
            await expect(phone.locator("[data-live-notice-text]")).to_have_text(
                "Сессия перешла к следующему этапу: Презентации."
            )
            await expect(notice.locator("a")).to_have_text("Открыть")
            await expect(phone.locator("[data-readonly]")).to_have_text(
                "Работа в группах завершена: модель больше нельзя редактировать."
            )
            await expect(field).to_have_attribute("readonly", "")
            await expect(english.locator("[data-live-phase-label]")).to_have_text("Presentations")
            # The model's rights come from co-editing's rule, worded in the phone's language.
            await expect(english_model.locator("[data-readonly]")).to_have_text(
                "Group work is over: the model can no longer be edited."
            )
            await expect(english_model.locator("[data-live-notice-text]")).to_have_text(
                "The session has moved on: Presentations."
            )
            await expect(english.locator("[data-now-body=presentations]")).to_be_visible()
            await expect(english.locator("[data-now-presenting]")).to_have_text(
                "Presenting now: Группа 1"
            )
            await shot(phone, "phone-workspace-moved-on")
            await shot(english, "phone-english-presentations")

            # Back to group work: asked first, then the model is editable again.
            await moderator.locator("#phase-group_work").click()
            await expect(phone.locator("[data-live-notice-text]")).to_have_text(
                "Сессия перешла к следующему этапу: Работа в группах."
            )
            await expect(phone.locator("[data-readonly]")).to_be_hidden()
            await expect(field).not_to_have_attribute("readonly", "")
            await expect(english.locator("[data-live-phase-label]")).to_have_text("Group work")
            assert questions == [
                "Вернуться к этапу «Работа в группах»? Группы снова смогут редактировать свои "
                "модели."
            ]
            for page in (phone, english):
                assert await page.evaluate("window.__noReload === true")
            await browser.close()

    asyncio.run(scenario())
