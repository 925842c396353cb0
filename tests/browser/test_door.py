"""Two volunteers check people in at once; each sees the other's check-ins appear live."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.async_api import async_playwright, expect

from tests.browser.axe import summary, violations
from tests.browser.conftest import CHROMIUM_ARGS, MODERATOR_PASSWORD, served_on_sqlite
from tests.services import chromium_path

pytestmark = pytest.mark.browser

SECOND_EMAIL = "volunteer@example.org"
PEOPLE = 12


def prepare_door(instance: Path, database_url: str) -> dict:
    """A session in the lobby with twelve pre-registered people and two volunteers."""
    from facilitator import create_app
    from facilitator.accounts.models import Moderator
    from facilitator.cli import upgrade_database
    from facilitator.door import invitations
    from facilitator.extensions import db
    from facilitator.sessions.codes import new_join_code, new_projector_token
    from facilitator.sessions.model_templates import give_session_template
    from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
    from tests.browser.conftest import MODERATOR_EMAIL

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        upgrade_database()
        owner = Moderator(email=MODERATOR_EMAIL, full_name="Мария Иванова")
        volunteer = Moderator(email=SECOND_EMAIL, full_name="Ольга Волонтёрова")
        for account in (owner, volunteer):
            account.set_password(MODERATOR_PASSWORD)
        session = DesignSession(
            title="Модели взаимодействия школы с социальными партнёрами",
            date=dt.date(2023, 3, 27),
            starts_at=dt.time(11, 0),
            language="ru",
            phase="lobby",
            owner=owner,
            join_code=new_join_code(),
            projector_token=new_projector_token(),
        )
        session.co_moderators.append(volunteer)
        session.groups.extend([CreativeGroup(name=f"Группа {n}", position=n) for n in (1, 2)])
        give_session_template(session)
        for number in range(PEOPLE):
            session.participants.append(
                Participant(
                    full_name=f"Сем{'ё' if number % 2 else 'е'}нова Анна {number:02d}",
                    organisation=f"ГБОУ СОШ № {500 + number}",
                    position="учитель",
                    city="Московский район",
                    source="import",
                    invite_token=invitations.new_token(),
                )
            )
        db.session.add(session)
        db.session.commit()
        data = {
            "session_id": session.id,
            "people": [(p.full_name, p.invite_token) for p in session.participants],
        }
        db.session.remove()
        db.engine.dispose()
    return data


async def volunteer_page(browser, base_url: str, email: str, width: int):
    context = await browser.new_context(viewport={"width": width, "height": 900})
    page = await context.new_page()
    await page.goto(f"{base_url}/login")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", MODERATOR_PASSWORD)
    await page.get_by_role("button", name="Войти").click()
    await expect(page).not_to_have_url(re.compile(r"/login"))
    return page


def test_two_volunteers_check_in_at_once_and_see_each_others_check_ins_live(tmp_path):
    from tests.browser.conftest import MODERATOR_EMAIL

    with served_on_sqlite(tmp_path, prepare_door) as (base_url, data):
        door = f"{base_url}/sessions/{data['session_id']}/door/checkin"
        by_search = [name for name, _token in data["people"][:5]]
        by_link = data["people"][5:10]

        async def scenario() -> None:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
                )
                try:
                    first = await volunteer_page(browser, base_url, MODERATOR_EMAIL, 360)
                    second = await volunteer_page(browser, base_url, SECOND_EMAIL, 1440)
                    for page in (first, second):
                        await page.goto(door)
                        await expect(page.locator("[data-door-live]")).to_have_text(
                            re.compile("^На связи")
                        )
                    problems = await violations(first)
                    assert not problems, summary(problems)

                    async def search_and_tap() -> None:
                        box = first.locator("[data-door-search]")
                        for name in by_search:
                            # typed without «ё» and in lower case, as volunteers type
                            await box.fill(name.lower().replace("ё", "е"))
                            row = first.locator("[data-door-results] li", has_text=name)
                            await row.get_by_role("button", name="Отметить").click()
                            await expect(row).to_contain_text("Уже отмечен в")

                    async def scan_links() -> None:
                        box = second.locator("[data-door-search]")
                        for name, token in by_link:
                            # what a QR scanner (camera or USB) hands over: the personal link
                            await box.fill(f"{base_url}/i/{token}")
                            await box.press("Enter")
                            await expect(second.locator("[data-door-message]")).to_contain_text(
                                f"{name} отмечен(а) в"
                            )

                    await asyncio.gather(search_and_tap(), scan_links())

                    feed_one = first.locator("[data-door-feed]")
                    feed_two = second.locator("[data-door-feed]")
                    for name, _token in by_link:
                        await expect(feed_one).to_contain_text(name)
                    for name in by_search:
                        await expect(feed_two).to_contain_text(name)
                    for page in (first, second):
                        await expect(page.locator("[data-door-counter]")).to_have_text(
                            f"Пришли: 10 из {PEOPLE}"
                        )
                    # checking in again at the other door is harmless and says when it was
                    await second.locator("[data-door-search]").fill("семенова анна 00")
                    row = second.locator("[data-door-results] li", has_text=by_search[0])
                    await expect(row).to_contain_text("Уже отмечен в")
                finally:
                    await browser.close()

        asyncio.run(asyncio.wait_for(scenario(), 150))
