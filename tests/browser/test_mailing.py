"""The organiser e-mails the group materials from the materials page and watches it go out."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.async_api import async_playwright, expect

from tests.browser.conftest import CHROMIUM_ARGS, served_on_sqlite
from tests.materials.smtp import Mailbox, free_port
from tests.services import chromium_path

pytestmark = pytest.mark.browser

#: Each message takes this long at the mail server, so the page sees the mailing under way
SECONDS_PER_MESSAGE = 0.4


class SlowMailbox(Mailbox):
    """A mail server that takes its time over each message."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(SECONDS_PER_MESSAGE)
        return await super().handle_DATA(server, session, envelope)


def prepare_closed_demo(instance: Path, database_url: str) -> dict:
    """The demo session, closed, with an e-mail for every participant."""
    from facilitator import create_app
    from facilitator.cli import upgrade_database
    from facilitator.extensions import db
    from facilitator.live.demo import create_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        upgrade_database()
        demo = create_demo()
        demo.session.phase = "closed"
        for number, person in enumerate(demo.session.participants, start=1):
            person.email = f"participant{number}@example.org"
        db.session.commit()
        data = {
            "session_id": demo.session.id,
            "email": demo.email,
            "password": demo.password,
            "addresses": len(demo.session.participants),
        }
        db.session.remove()
        db.engine.dispose()
    return data


@pytest.fixture
def mail_server() -> Iterator[tuple[SlowMailbox, int]]:
    """A slow SMTP server on 127.0.0.1 without login."""
    box, port = SlowMailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def test_the_materials_page_follows_a_mailing_until_it_reports_every_address(tmp_path, mail_server):
    box, port = mail_server
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_STARTTLS": "0",
        "MAIL_FROM": "ИМЦ <noreply@imc.example.org>",
    }
    with served_on_sqlite(tmp_path, prepare_closed_demo, env) as (base_url, data):

        async def scenario() -> None:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
                )
                try:
                    page = await browser.new_page(viewport={"width": 360, "height": 740})
                    await page.goto(f"{base_url}/login")
                    await page.fill("input[name=email]", data["email"])
                    await page.fill("input[name=password]", data["password"])
                    await page.get_by_role("button", name="Войти").click()
                    await expect(page).not_to_have_url(re.compile(r"/login"))
                    await page.goto(f"{base_url}/sessions/{data['session_id']}/materials")
                    questions: list[str] = []

                    async def confirm(dialog) -> None:
                        questions.append(dialog.message)
                        await dialog.accept()

                    page.once("dialog", confirm)
                    await page.get_by_role("button", name="Разослать материалы участникам").click()

                    bar = page.locator("[data-mailing-bar]")
                    await expect(page.locator("[data-mailing-progress]")).to_have_attribute(
                        "data-state", "running"
                    )
                    assert questions and questions[0].startswith("Разослать наработанные"), (
                        questions
                    )
                    # The bar moves without a reload while the messages go out...
                    first = int(await bar.get_attribute("value"))
                    await expect(bar).not_to_have_attribute("value", str(first), timeout=15_000)
                    # ...and the page shows the report once every address was tried.
                    report = f"Материалы отправлены на {data['addresses']} адрес"
                    await expect(page.get_by_text(report)).to_be_visible(timeout=60_000)
                    await expect(page.locator("[data-mailing-progress]")).to_have_attribute(
                        "data-state", "done"
                    )
                finally:
                    await browser.close()

        asyncio.run(asyncio.wait_for(scenario(), 120))
    assert len(box.messages) == data["addresses"]
