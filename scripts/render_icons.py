"""Render the app icon's SVG sources in static/icons/ to the PNG sizes and favicon.ico phones use.

Usage: python scripts/render_icons.py   (needs the test extras: Playwright and Chromium)
The PNGs are committed, so installing the app needs neither.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
#: source SVG → PNG sizes: browser tabs, Android home screens and the install splash
RENDERINGS = {
    "icon.svg": (16, 32, 48, 192, 512),
    # Full-bleed for Android's masks and for iOS, which rounds the corners itself.
    "icon-maskable.svg": (180, 192, 512),
}
FAVICON_SIZES = (16, 32, 48)


def render(page, svg: str, size: int) -> Image.Image:
    """The SVG drawn by Chromium at size×size pixels, transparent outside the shape."""
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(
        "<style>html,body{margin:0;background:transparent}svg{display:block}</style>"
        + svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
    )
    png = page.screenshot(
        omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size}
    )
    return Image.open(io.BytesIO(png)).convert("RGBA")


def main() -> None:
    """Write icon-<size>.png, icon-maskable-<size>.png and favicon.ico next to the sources."""
    chromium = os.environ.get("FACILITATOR_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(device_scale_factor=1)
        small = []
        for source, sizes in RENDERINGS.items():
            svg = (ICONS / source).read_text()
            for size in sizes:
                image = render(page, svg, size)
                image.save(ICONS / f"{Path(source).stem}-{size}.png", optimize=True)
                if source == "icon.svg" and size in FAVICON_SIZES:
                    small.append(image)
        browser.close()
    small[-1].save(
        ICONS / "favicon.ico", sizes=[(s, s) for s in FAVICON_SIZES], append_images=small
    )
    print(f"icons written to {ICONS}")


if __name__ == "__main__":
    main()
