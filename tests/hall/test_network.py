"""A phone on the venue network joins: real namespaces, a real server, a phone-profile Chromium.

The test makes two network namespaces joined by a veth pair, the project's own test host: the
"laptop" (only `lo` and `wlan0`, 192.168.77.1) runs `facilitator run --hall`, which finds its
address by itself; the "phone" (192.168.77.20) runs Chromium in a phone profile. The moderator's
browser on the laptop opens the share page as 127.0.0.1; the phone opens the link shown there.
No traffic leaves the two namespaces; both are deleted afterwards, whatever happens.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM_ARGS
from tests.live_server import LiveServer, facilitator_command
from tests.services import chromium_path, skip_or_fail

pytestmark = [pytest.mark.browser, pytest.mark.live]

LAPTOP_ADDRESS = "192.168.77.1"
PHONE_ADDRESS = "192.168.77.20"
PORT = 5000
READY_TIMEOUT = 60.0
TIMEOUT_MS = 20_000


@dataclass(frozen=True)
class Hall:
    """The two namespaces: the laptop's and the phone's."""

    laptop: str
    phone: str


def ip(*args: str) -> subprocess.CompletedProcess:
    """Run iproute2's `ip`; raise with its message when it fails."""
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=True, timeout=30)


@contextmanager
def hall_network() -> Iterator[Hall]:
    """Two fresh namespaces joined by a veth pair named wlan0 on both sides."""
    if shutil.which("ip") is None:
        skip_or_fail("iproute2 is not installed (apt-get install iproute2)")
    if os.geteuid() != 0:
        skip_or_fail("making network namespaces (ip netns add) needs root")
    tag = f"{os.getpid()}-{secrets.token_hex(3)}"
    hall = Hall(laptop=f"fac-laptop-{tag}", phone=f"fac-phone-{tag}")
    made: list[str] = []
    try:
        for name in (hall.laptop, hall.phone):
            try:
                ip("netns", "add", name)
            except subprocess.CalledProcessError as error:
                skip_or_fail(f"cannot make a network namespace: {error.stderr.strip()}")
            made.append(name)
        # Both ends are created inside the namespaces: the machine's own interfaces never change.
        ip(
            "link", "add", "wlan0", "netns", hall.laptop, "type", "veth",
            "peer", "name", "wlan0", "netns", hall.phone,
        )  # fmt: skip
        for name, address in ((hall.laptop, LAPTOP_ADDRESS), (hall.phone, PHONE_ADDRESS)):
            ip("-n", name, "addr", "add", f"{address}/24", "dev", "wlan0")
            ip("-n", name, "link", "set", "wlan0", "up")
            ip("-n", name, "link", "set", "lo", "up")
        yield hall
    finally:
        for name in made:
            with suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
                ip("netns", "del", name)


def in_namespace(namespace: str, command: list[str]) -> list[str]:
    """The command run inside a namespace."""
    return ["ip", "netns", "exec", namespace, *command]


def prepare_demo(folder: Path, database_url: str) -> dict:
    """The demo session on a fresh SQLite database, with its moderator's new password."""
    from facilitator import create_app
    from facilitator.cli import upgrade_database
    from facilitator.extensions import db
    from facilitator.live.demo import create_demo

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(folder),
            "ASYNC_MODE": "threading",
        }
    )
    with app.app_context():
        upgrade_database()
        demo = create_demo()
        data = {
            "session_id": demo.session.id,
            "code": demo.session.join_code,
            "projector_token": demo.session.projector_token,
            "group": demo.session.groups[1].name,
            "email": demo.email,
            "password": demo.password,
        }
        db.session.remove()
        db.engine.dispose()
    return data


def answers_inside(namespace: str, url: str) -> bool:
    """Whether the URL answers when asked from inside the namespace."""
    probe = "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)"
    done = subprocess.run(
        in_namespace(namespace, [sys.executable, "-c", probe, url]),
        capture_output=True,
        timeout=30,
        check=False,
    )
    return done.returncode == 0


@contextmanager
def laptop_server(hall: Hall, tmp_path: Path, database_url: str) -> Iterator[LiveServer]:
    """`facilitator run --hall` on the laptop, killed at the end however the test ends."""
    env = os.environ.copy() | {
        "FACILITATOR_INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "FACILITATOR_ASYNC_MODE": "gevent",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    command = [*facilitator_command(), "run", "--hall", "--port", str(PORT), "--lang", "en"]
    log_path = tmp_path / "laptop-server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            in_namespace(hall.laptop, command),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    # `ip netns exec` execs the command: the process is the server itself.
    server = LiveServer(process=process, port=PORT, log_path=log_path, env=env)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not answers_inside(hall.laptop, f"http://127.0.0.1:{PORT}/manifest.webmanifest"):
            if not server.alive():
                raise RuntimeError(f"server exited early:\n{server.output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready:\n{server.output()}")
            time.sleep(0.3)
        yield server
    finally:
        server.kill()
        print(f"--- laptop server ---\n{server.output()[-5000:]}")


def chromium_in(namespace: str, tmp_path: Path) -> str:
    """An executable that starts Chromium inside the namespace, for Playwright to launch."""
    wrapper = tmp_path / f"chromium-{namespace}"
    wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {namespace} {chromium_path()} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


def test_a_phone_on_the_venue_network_opens_the_shared_link_and_joins(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    chromium_path()
    database_url = f"sqlite:///{tmp_path / 'hall.db'}"
    demo = prepare_demo(tmp_path / "instance", database_url)
    phones_url = f"http://{LAPTOP_ADDRESS}:{PORT}"
    with (
        hall_network() as hall,
        laptop_server(hall, tmp_path, database_url) as server,
        sync_playwright() as playwright,
    ):
        expect.set_options(timeout=TIMEOUT_MS)
        # The server found the laptop's only network address by itself and printed it.
        assert f"Phones in the hall open: {phones_url}/" in server.output()
        assert "(network interface wlan0)" in server.output()

        laptop = playwright.chromium.launch(
            executable_path=chromium_in(hall.laptop, tmp_path), args=CHROMIUM_ARGS
        )
        moderator = laptop.new_page(viewport={"width": 1440, "height": 900}, locale="ru-RU")
        moderator.goto(f"http://127.0.0.1:{PORT}/login")
        moderator.fill("input[name=email]", demo["email"])
        moderator.fill("input[name=password]", demo["password"])
        moderator.locator("form button[type=submit]").last.click()
        expect(moderator).not_to_have_url(re.compile(r"/login"))
        moderator.goto(f"http://127.0.0.1:{PORT}/sessions/{demo['session_id']}/share")
        shown = moderator.locator(".share-link a").last.get_attribute("href")
        assert shown == f"{phones_url}/j/{demo['code']}"
        projector = laptop.new_page(viewport={"width": 1920, "height": 1080})
        projector.goto(f"http://127.0.0.1:{PORT}/p/{demo['projector_token']}")
        # The lobby screen itself is the join screen: its address and its QR code.
        expect(projector.locator("main")).to_contain_text(f"{phones_url}/join")
        expect(projector.locator("main img")).to_have_attribute(
            "alt", re.compile(re.escape(f"{phones_url}/j/{demo['code']}"))
        )

        handset = playwright.chromium.launch(
            executable_path=chromium_in(hall.phone, tmp_path), args=CHROMIUM_ARGS
        )
        phone = handset.new_context(
            viewport={"width": 360, "height": 780},
            device_scale_factor=3,
            is_mobile=True,
            has_touch=True,
            locale="ru-RU",
            user_agent=(
                "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
            ),
        ).new_page()
        phone.goto(shown)
        expect(phone).to_have_url(re.compile(rf"/s/{demo['code']}/register$"))
        phone.get_by_label("ФИО").fill("Ирина Соколова")
        phone.get_by_label("Организация").fill("ГБОУ СОШ № 496")
        phone.get_by_label("Должность").fill("учитель")
        phone.get_by_label("Город или район").fill("Московский район")
        phone.locator(".group-choice label").filter(has_text=demo["group"]).click()
        phone.locator("input[name=consent]").check()
        phone.get_by_role("button", name="Зарегистрироваться").click()
        expect(phone).to_have_url(f"{phones_url}/s/{demo['code']}/")
        expect(phone.locator(".group-name-big")).to_have_text(demo["group"])
        # The live connection (Socket.IO) also crosses the network.
        expect(phone.locator("[data-live-status]").first).to_have_attribute(
            "data-state", "connected"
        )
        # "Add to home screen" has what it needs: the icon and the manifest over the network.
        # (fetch() runs in the phone's Chromium; Playwright's own requests would not.)
        fetched = phone.evaluate(
            """async () => {
                const manifest = document.querySelector('link[rel=manifest]').href;
                const icon = await fetch('/favicon.ico');
                const data = await (await fetch(manifest)).json();
                const big = await fetch(data.icons.find((i) => i.sizes === '512x512').src);
                return [icon.status, big.status, data.display];
            }"""
        )
        assert fetched == [200, 200, "standalone"]
        # The moderator's roster on the laptop counts the phone's registration.
        moderator.goto(f"http://127.0.0.1:{PORT}/sessions/{demo['session_id']}/participants")
        expect(moderator.locator("body")).to_contain_text("Ирина Соколова")
        handset.close()
        laptop.close()

        # `facilitator doctor` on the laptop sees the same address answering.
        doctor = subprocess.run(
            in_namespace(
                hall.laptop,
                [*facilitator_command(), "doctor", "--port", str(PORT), "--lang", "en"],
            ),
            capture_output=True,
            text=True,
            timeout=120,
            env=server.env,
            check=False,
        )
        assert f"{LAPTOP_ADDRESS} (wlan0): phones will open {phones_url}/" in doctor.stdout
        assert f"Facilitator is running on port {PORT}." in doctor.stdout
        assert f"The server answers at {phones_url}/." in doctor.stdout, doctor.stdout
