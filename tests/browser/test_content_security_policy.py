"""The strict Content-Security-Policy breaks nothing: the main pages load in Chromium without a
single violation (console error or securitypolicyviolation event), sockets and the service
worker included."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from tests.browser.conftest import (
    CHROMIUM_ARGS,
    MODERATOR_EMAIL,
    MODERATOR_PASSWORD,
    prepare_data,
    served_on_sqlite,
)
from tests.services import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.live]

#: Listens before any page script runs, so nothing a page does early is missed
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


WORKSPACE_STATUS = "[data-status]"


def prepare_pages(instance: Path, database_url: str) -> dict:
    """The browser tests' session, with the join code and the projector's link."""
    from facilitator import create_app
    from facilitator.extensions import db
    from facilitator.sessions.models import DesignSession

    data = prepare_data(instance, database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        session = db.session.get(DesignSession, data["session_id"])
        data["join_code"] = session.join_code
        data["projector_token"] = session.projector_token
        db.session.remove()
        db.engine.dispose()
    return data


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[str, dict]]:
    with served_on_sqlite(tmp_path, prepare_pages) as pair:
        yield pair


class Watch:
    """Every CSP complaint a context's pages make, by page."""

    def __init__(self, context: BrowserContext) -> None:
        self.problems: list[str] = []
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("page", self._listen)

    def _listen(self, page: Page) -> None:
        def on_console(message) -> None:
            text = message.text
            if "Content Security Policy" in text or "Content-Security-Policy" in text:
                self.problems.append(f"{page.url}: console: {text}")

        page.on("console", on_console)

    def visit(self, page: Page, url: str, settle_ms: int = 1500) -> None:
        """Open a page, let its scripts and sockets start, and collect its violations."""
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        assert "Content-Security-Policy" in {k.title() for k in response.headers}
        page.wait_for_load_state("load")
        page.wait_for_timeout(settle_ms)
        for violation in page.evaluate("window.__violations"):
            self.problems.append(f"{url}: {violation}")
        unstyled = page.evaluate(
            "[...document.querySelectorAll('[data-style]')]"
            ".filter((el) => !el.getAttribute('style')).map((el) => el.outerHTML.slice(0, 160))"
        )
        for element in unstyled:
            self.problems.append(f"{url}: left unstyled: {element}")


def _move_to(page: Page, base_url: str, session_id: int, phase: str) -> None:
    page.goto(f"{base_url}/sessions/{session_id}/live")
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    response = page.request.post(
        f"{base_url}/sessions/{session_id}/live/phase",
        form={"csrf_token": token, "phase": phase},
        headers={"Accept": "application/json"},
    )
    assert response.ok, f"moving to {phase}: {response.status}"


def test_main_pages_raise_no_content_security_policy_violation(served):
    base_url, data = served
    code, session_id, group_id = data["join_code"], data["session_id"], data["group_id"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            moderator_context = browser.new_context(viewport={"width": 1440, "height": 900})
            moderator_watch = Watch(moderator_context)
            board = moderator_context.new_page()
            moderator_watch.visit(board, f"{base_url}/login")
            board.fill("input[name=email]", MODERATOR_EMAIL)
            board.fill("input[name=password]", MODERATOR_PASSWORD)
            board.click("form:not(.inline) button[type=submit]")
            board.wait_for_url(re.compile(r"/sessions/"))
            for path in (
                "/sessions/",
                f"/sessions/{session_id}",
                f"/sessions/{session_id}/live",
                f"/sessions/{session_id}/share",
                f"/w/{group_id}",
                "/account/",
                "/design",
            ):
                moderator_watch.visit(board, base_url + path)
            projector = moderator_context.new_page()
            moderator_watch.visit(projector, f"{base_url}/p/{data['projector_token']}", 2500)

            phone_context = browser.new_context(viewport={"width": 360, "height": 740})
            phone_context.add_cookies(
                [{"name": "facilitator_device", "value": data["devices"][0], "url": base_url}]
            )
            phone_watch = Watch(phone_context)
            phone = phone_context.new_page()
            stranger = browser.new_context(viewport={"width": 360, "height": 740})
            stranger_watch = Watch(stranger)
            stranger_watch.visit(stranger.new_page(), f"{base_url}/join")
            for path in (f"/s/{code}/", f"/w/{group_id}"):
                phone_watch.visit(phone, base_url + path, 2500)
            # The service worker registered under worker-src (127.0.0.1 is a secure context)
            assert phone.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")
            # The co-editor's Socket.IO connection got through connect-src
            expect(phone.locator(WORKSPACE_STATUS)).to_have_attribute("data-state", "connected")
            _move_to(board, base_url, session_id, "voting")
            phone_watch.visit(phone, f"{base_url}/s/{code}/vote")
            moderator_watch.visit(projector, f"{base_url}/p/{data['projector_token']}", 2500)
            _move_to(board, base_url, session_id, "survey")
            phone_watch.visit(phone, f"{base_url}/s/{code}/survey")
            moderator_watch.visit(projector, f"{base_url}/p/{data['projector_token']}", 2500)
            problems = moderator_watch.problems + phone_watch.problems + stranger_watch.problems
            assert problems == [], "\n".join(problems)
        finally:
            browser.close()
