#!/usr/bin/env python3
"""Screenshots of every projector screen at 1920×1080, against a real server with the demo data.

    .venv/bin/python scripts/projector_screenshots.py [--out DIR] [--readme]
        [--size 1280x720 ...] [--long [--groups N]] [--panel]

Creates the demo session in a fresh SQLite database, serves it with `facilitator run`, then walks
the tour of facilitator/live/tour.py (lobby, talks, group work, ... closed), moving the session
through the real services and photographing the projector with Chromium after each stop.
`--readme` also writes the two small images the README shows into docs/. `--size` photographs
other projector sizes too; `--long` gives the session the longest texts and `--groups` groups
(tour.stretch); `--panel` also photographs the moderator's live panel on a laptop, a large
screen and a phone. Needs Playwright and Chromium (FACILITATOR_CHROMIUM, default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The screens the README shows, and the width they are shown at
README_SHOTS = {"lobby": "projector-lobby.png", "reveal": "projector-reveal.png"}
README_WIDTH = 960
#: The live panel's sizes: a laptop, a large screen, a phone on the stage
PANEL_SIZES = ((1440, 900), (1920, 1080), (360, 800))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def shrink(source: Path, target: Path) -> None:
    """A small PNG for the README: half size, 256 colours."""
    from PIL import Image

    with Image.open(source) as image:
        height = round(image.height * README_WIDTH / image.width)
        small = image.convert("RGB").resize((README_WIDTH, height), Image.Resampling.LANCZOS)
        small.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--readme", action="store_true", help="also write the README's images")
    parser.add_argument(
        "--size", action="append", default=[], help="another projector size, as 1280x720"
    )
    parser.add_argument("--long", action="store_true", help="the longest texts (tour.stretch)")
    parser.add_argument("--groups", type=int, default=12, help="how many groups with --long")
    parser.add_argument("--panel", action="store_true", help="also photograph the live panel")
    args = parser.parse_args()
    sizes = [(1920, 1080)] + [tuple(int(n) for n in size.split("x")) for size in args.size]
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    from facilitator import create_app
    from facilitator.cli import upgrade_database
    from facilitator.live import tour
    from facilitator.live.demo import create_demo

    work = Path(tempfile.mkdtemp(prefix="facilitator-shots-"))
    database_url = f"sqlite:///{work / 'demo.db'}"
    env = os.environ | {
        "FACILITATOR_INSTANCE_PATH": str(work / "instance"),
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "FACILITATOR_ASYNC_MODE": "threading",
    }
    os.environ.update({k: env[k] for k in ("FACILITATOR_INSTANCE_PATH", "DATABASE_URL")})
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade_database()
        demo = create_demo()
        session, moderator = demo.session, demo.session.owner
        if args.long:
            tour.stretch(session, groups=args.groups)
        session_id = session.id
        draft = tour.draft_session(moderator)
        tokens = {"draft": draft.projector_token, "demo": session.projector_token}

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "facilitator"), "run", "--port", str(port)]
    # The server's log goes to a file: a pipe nobody reads fills up and stops the server.
    log = work / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(f"{base}/join", server, log)
        executable = os.environ.get("FACILITATOR_CHROMIUM", "/usr/bin/chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            panel = browser.new_page() if args.panel else None
            if panel:
                panel.goto(f"{base}/login?lang=ru")
                panel.fill("input[name=email]", demo.email)
                panel.fill("input[name=password]", demo.password)
                panel.click("button[type=submit]")
            for number, stop in enumerate(tour.STOPS, 1):
                with app.app_context():
                    from facilitator.extensions import db
                    from facilitator.sessions.models import DesignSession

                    live = db.session.get(DesignSession, session_id)
                    tour.visit(live, live.owner, stop, hands=7 if args.long else 4)
                token = tokens["draft" if stop == "draft" else "demo"]
                for width, height in sizes:
                    page.set_viewport_size({"width": width, "height": height})
                    page.goto(f"{base}/p/{token}?lang=ru")
                    page.wait_for_load_state("networkidle")
                    page.evaluate("document.fonts.ready")
                    page.wait_for_timeout(800)
                    size = "" if width == 1920 else f"-{width}x{height}"
                    path = args.out / f"{number:02d}-{stop}{size}.png"
                    page.screenshot(path=path)
                    print(f"wrote {path}")
                if panel and stop != "draft":
                    for width, height in PANEL_SIZES:
                        panel.set_viewport_size({"width": width, "height": height})
                        panel.goto(f"{base}/sessions/{session_id}/live?lang=ru")
                        panel.wait_for_selector("[data-live-status][data-state=connected]")
                        path = args.out / f"{number:02d}-{stop}-panel-{width}.png"
                        panel.screenshot(path=path, full_page=True)
                        print(f"wrote {path}")
                path = args.out / f"{number:02d}-{stop}.png"
                if args.readme and stop in README_SHOTS:
                    target = ROOT / "docs" / README_SHOTS[stop]
                    shrink(path, target)
                    print(f"wrote {target} ({target.stat().st_size // 1024} KiB)")
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
