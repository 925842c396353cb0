"""Dot voting on a 360 px phone: without reloading the page, and without scripts as before; the
sticky "dots left" counter never covers a model's heading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, prepare_data, served_on_sqlite
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.live]

PHONE = {"width": 360, "height": 740}


def prepare_voting(instance: Path, database_url: str) -> dict:
    """The browser tests' session (two groups), moved on to voting."""
    from facilitator import create_app
    from facilitator.extensions import db
    from facilitator.sessions.models import DesignSession
    from facilitator.sessions.phases import Phase

    data = prepare_data(instance, database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        session = db.session.get(DesignSession, data["session_id"])
        session.phase = Phase.voting
        data["join_code"] = session.join_code
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return data


@pytest.fixture
def voting(tmp_path) -> Iterator[tuple[str, dict]]:
    with served_on_sqlite(tmp_path, prepare_voting) as served:
        yield served


def heading_is_clear_of_counter(page: Page, group_id: int) -> bool:
    """Whether the model's heading is fully below the sticky counter."""
    return page.evaluate(
        """id => {
            const counter = document.querySelector('[data-dots-left]').getBoundingClientRect();
            const heading = document.querySelector('#model-' + id + ' h3').getBoundingClientRect();
            return heading.top >= counter.bottom;
        }""",
        group_id,
    )


def test_a_dot_is_placed_without_reloading_and_the_counter_says_what_is_left(voting):
    base_url, data = voting
    other = data["other_group_id"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, locale="ru-RU", is_mobile=True)
        context.add_cookies(
            [{"name": "facilitator_device", "value": data["devices"][0], "url": base_url}]
        )
        phone = context.new_page()
        phone.goto(f"{base_url}/s/{data['join_code']}/vote")
        phone.evaluate("window.__noReload = true")
        counter = phone.locator("[data-dots-left-text]")
        expect(counter).to_have_text("У вас осталось 3 голоса из 3.")
        card = phone.locator(f"#model-{other}")
        card.locator("[data-dots-more]").click()

        status = card.locator("[data-vote-status]")
        expect(status).to_have_text(
            "Сохранено: 1 голос за «Группа 2». У вас осталось 2 голоса из 3."
        )
        expect(status).to_have_attribute("role", "status")
        expect(counter).to_have_text("У вас осталось 2 голоса из 3.")
        expect(card.locator("[data-dots-label]")).to_have_text("1 голос")
        expect(card.locator("[data-dots-less]")).to_be_enabled()
        assert phone.evaluate("window.__noReload === true"), "the page was reloaded"

        # The cap per model disables «+», and the focus stays in the card.
        card.locator("[data-dots-more]").focus()
        phone.keyboard.press("Enter")
        expect(card.locator("[data-dots-label]")).to_have_text("2 голоса")
        expect(card.locator("[data-dots-more]")).to_be_disabled()
        assert phone.evaluate(
            f"document.querySelector('#model-{other}').contains(document.activeElement)"
        )
        # What the server holds: a fresh page shows the same.
        phone.reload()
        expect(counter).to_have_text("У вас остался 1 голос из 3.")
        browser.close()


def test_without_scripts_the_vote_reloads_at_the_card_below_the_counter(voting):
    base_url, data = voting
    other = data["other_group_id"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport=PHONE, locale="ru-RU", is_mobile=True, java_script_enabled=False
        )
        context.add_cookies(
            [{"name": "facilitator_device", "value": data["devices"][1], "url": base_url}]
        )
        phone = context.new_page()
        phone.goto(f"{base_url}/s/{data['join_code']}/vote")
        phone.locator(f"#model-{other} [data-dots-more]").click()
        phone.wait_for_url(f"**/vote#model-{other}")
        expect(phone.locator("[data-dots-left-text]")).to_have_text("У вас осталось 2 голоса из 3.")
        # The page came back scrolled to the card: its heading is not under the counter.
        assert phone.evaluate("window.scrollY") > 0
        assert heading_is_clear_of_counter(phone, other)
        browser.close()


def test_an_anchor_to_a_model_stops_below_the_sticky_counter(voting):
    base_url, data = voting
    other = data["other_group_id"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, locale="ru-RU", is_mobile=True)
        context.add_cookies(
            [{"name": "facilitator_device", "value": data["devices"][2], "url": base_url}]
        )
        phone = context.new_page()
        phone.goto(f"{base_url}/s/{data['join_code']}/vote")
        phone.evaluate(f"location.hash = '#model-{other}'")
        phone.wait_for_function("window.scrollY > 0")
        assert heading_is_clear_of_counter(phone, other)
        browser.close()
