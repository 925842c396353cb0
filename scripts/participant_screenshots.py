#!/usr/bin/env python3
"""Screenshots of a participant's flow on a 360 px phone, from the join code to the materials.

For the README and for reviewing changes to the look (the projector's screens come from
scripts/projector_screenshots.py). The script serves the demo session (with an organiser's logo)
from a temporary SQLite database with `facilitator run`, then drives Chromium (Playwright): a
phone joins with the code and registers, and a moderator moves the session through its phases;
at each phase the phone does what a participant does there and is photographed.

    .venv/bin/python scripts/participant_screenshots.py [--out docs/screenshots]

Needs the test extras (`pip install -e '.[test]'`) and Chromium (FACILITATOR_CHROMIUM, default
/usr/bin/chromium). Files are named <order>-phone-<what>.png.
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("FACILITATOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1440, "height": 900}
PHASES = (
    "lobby",
    "talks",
    "group_work",
    "presentations",
    "open_mic",
    "voting",
    "survey",
    "closed",
)


@dataclass(frozen=True)
class Demo:
    """What the pages need to know about the served demo session."""

    base_url: str
    session_id: int
    join_code: str
    email: str
    password: str


@dataclass
class Camera:
    """Where screenshots go, numbered in the order they are taken."""

    out: Path
    taken: int = 0

    def shoot(self, page, role: str, what: str, full_page: bool = False) -> None:
        """Save the page as <order>-<role>-<what>.png."""
        self.taken += 1
        path = self.out / f"{self.taken:02d}-{role}-{what}.png"
        page.screenshot(path=str(path), full_page=full_page)
        print(path)


def logo_png() -> bytes:
    """A plain organiser's emblem, so the pages show where logos go."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 120), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 116, 116), radius=22, fill=(31, 95, 191))
    draw.ellipse((34, 34, 86, 86), fill=(255, 255, 255))
    draw.rectangle((136, 36, 352, 56), fill=(28, 35, 48))
    draw.rectangle((136, 70, 300, 84), fill=(120, 130, 145))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def prepare(instance: Path, database_url: str) -> dict:
    """The demo session, with a logo, on a fresh database."""
    from facilitator import create_app
    from facilitator.cli import upgrade_database
    from facilitator.extensions import db
    from facilitator.live.demo import create_demo
    from facilitator.sessions.logos import add_logo

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        upgrade_database()
        demo = create_demo()
        session = demo.session
        add_logo(session, "organiser.png", logo_png(), session.owner)
        data = {
            "session_id": session.id,
            "join_code": session.join_code,
            "email": demo.email,
            "password": demo.password,
        }
        db.session.remove()
        db.engine.dispose()
    return data


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_demo(workdir: Path) -> Iterator[Demo]:
    """`facilitator run` on a temporary database with the demo session; stopped afterwards."""
    instance = workdir / "instance"
    database_url = f"sqlite:///{workdir / 'demo.db'}"
    data = prepare(instance, database_url)
    port = free_port()
    env = os.environ | {
        "FACILITATOR_INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
    }
    command = [str(Path(sys.executable).parent / "facilitator"), "run", "--port", str(port)]
    log = (workdir / "server.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{base_url}/login", timeout=2):
                    break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"the server stopped: see {workdir / 'server.log'}") from None
                time.sleep(0.5)
        yield Demo(base_url=base_url, **data)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def log_in(context, demo: Demo):
    """The moderator's page, logged in."""
    page = context.new_page()
    page.goto(f"{demo.base_url}/login")
    page.fill("input[name=email]", demo.email)
    page.fill("input[name=password]", demo.password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/sessions/**")
    return page


def move_to(moderator, demo: Demo, phase: str) -> None:
    """Jump to a phase with the live panel's form."""
    moderator.goto(f"{demo.base_url}/sessions/{demo.session_id}/live")
    token = moderator.locator("meta[name=csrf-token]").get_attribute("content")
    response = moderator.request.post(
        f"{demo.base_url}/sessions/{demo.session_id}/live/phase",
        form={"csrf_token": token, "phase": phase},
        headers={"Accept": "application/json"},
    )
    if not response.ok:
        raise SystemExit(f"could not move to {phase}: {response.status}")


# --- the participant's flow: one function per phase, after registering ---------------------


def phone_joins(phone, demo: Demo, camera: Camera) -> None:
    """Code, registration with consent, the session's home page in the lobby."""
    phone.goto(f"{demo.base_url}/")
    camera.shoot(phone, "phone", "join-code")
    phone.fill("input[name=code]", demo.join_code)
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/register")
    phone.fill("input[name=full_name]", "Соловьёва Анна Игоревна")
    phone.fill("input[name=organisation]", "ГБОУ СОШ № 496 Московского района")
    phone.fill("input[name=position]", "учитель истории")
    phone.fill("input[name=city]", "Московский район")
    camera.shoot(phone, "phone", "registration")
    phone.check("input[name=consent]")
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"**/s/{demo.join_code}/")


def phone_in_group_work(phone, demo: Demo, camera: Camera) -> None:
    """The group's model, written together."""
    phone.goto(f"{demo.base_url}/s/{demo.join_code}/")
    phone.locator("a[href^='/w/']").first.click()
    phone.wait_for_selector("[data-status][data-state=connected]")
    field = phone.locator("textarea[data-text]").first
    field.click()
    field.type("Школа и социальные партнёры вместе помогают ученику выбрать профессию.")
    camera.shoot(phone, "phone", "workspace")


def phone_in_presentations(phone, demo: Demo, camera: Camera) -> None:
    """The models of every group, and one with its comments."""
    phone.goto(f"{demo.base_url}/s/{demo.join_code}/models")
    camera.shoot(phone, "phone", "models")
    phone.locator(".model-link").nth(1).click()
    camera.shoot(phone, "phone", "model")


def phone_at_open_mic(phone, demo: Demo, camera: Camera) -> None:
    """The open microphone, with a raised hand."""
    phone.goto(f"{demo.base_url}/s/{demo.join_code}/mic")
    phone.locator("main form button[type=submit]").last.click()
    phone.wait_for_load_state("load")
    camera.shoot(phone, "phone", "mic")


def phone_votes(phone, demo: Demo, camera: Camera) -> None:
    """Dot voting: two dots placed without reloading the page."""
    phone.goto(f"{demo.base_url}/s/{demo.join_code}/vote")
    camera.shoot(phone, "phone", "vote")
    for _ in range(2):
        more = phone.locator("[data-dots-more]:not([disabled])").nth(1)
        more.click()
        phone.wait_for_selector("[data-vote-status]:not(.is-busy):not(:empty)")
    camera.shoot(phone, "phone", "vote-cast")


def phone_answers_survey(phone, demo: Demo, camera: Camera) -> None:
    """The satisfaction survey."""
    phone.goto(f"{demo.base_url}/s/{demo.join_code}/survey")
    camera.shoot(phone, "phone", "survey")


def phone_after_closing(phone, demo: Demo, camera: Camera) -> None:
    """The session's page once it is over."""
    phone.goto(f"{demo.base_url}/s/{demo.join_code}/")
    camera.shoot(phone, "phone", "closed")


PHONE_STEPS: dict[str, Callable[..., None]] = {
    "group_work": phone_in_group_work,
    "presentations": phone_in_presentations,
    "open_mic": phone_at_open_mic,
    "voting": phone_votes,
    "survey": phone_answers_survey,
    "closed": phone_after_closing,
}


def run(out: Path) -> None:
    """Serve the demo and photograph the phone at every phase."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    camera = Camera(out)
    with (
        tempfile.TemporaryDirectory(prefix="facilitator-shots-") as workdir,
        served_demo(Path(workdir)) as demo,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        moderator = log_in(browser.new_context(viewport=LAPTOP, locale="ru-RU"), demo)
        phone = browser.new_context(
            viewport=PHONE, locale="ru-RU", is_mobile=True, has_touch=True, device_scale_factor=2
        ).new_page()
        phone_joins(phone, demo, camera)
        phone.goto(f"{demo.base_url}/s/{demo.join_code}/")
        camera.shoot(phone, "phone", "home")
        for phase in PHASES[1:]:
            move_to(moderator, demo, phase)
            if phase in PHONE_STEPS:
                PHONE_STEPS[phase](phone, demo, camera)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    options = parser.parse_args()
    run(options.out)


if __name__ == "__main__":
    main()
