"""Icons come from the sprite the front-end build makes; fonts from the build too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from facilitator import resource_dir
from facilitator.design.icons import icon, sprite_names

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(resource_dir("static"))
TEMPLATES = Path(resource_dir("templates"))


def lock_version(package: str) -> str:
    lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{package}"]["version"]


def test_an_icon_is_an_inline_svg_using_the_sprite_and_hidden_from_screen_readers(app):
    with app.test_request_context():
        html = str(icon("hand", cls="icon-lg"))
    assert html.startswith('<svg class="icon icon-lg" aria-hidden="true"')
    # The sprite's URL carries its content hash, so a phone never keeps an old sprite.
    assert re.search(r'<use href="/static/icons/sprite\.svg\?v=[0-9a-f]+#hand">', html)


def test_a_labelled_icon_is_an_image_with_its_name(app):
    with app.test_request_context():
        html = str(icon("arrow-big-up", label="Поддержать <всех>"))
    assert 'role="img" aria-label="Поддержать &lt;всех&gt;"' in html


def test_an_unknown_icon_is_refused_with_the_way_to_add_it(app):
    with app.test_request_context(), pytest.raises(ValueError, match=r"icons\.json"):
        icon("no-such-icon")


def test_every_icon_named_in_templates_and_scripts_is_in_the_sprite():
    names = sprite_names()
    used = set()
    for path in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r'icon\(\s*"([a-z0-9-]+)"', path.read_text(encoding="utf-8")))
    for path in (ROOT / "frontend" / "src").rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'iconElement\(\s*"([a-z0-9-]+)"', text))
        used |= set(re.findall(r'this\.t\.\w+, "([a-z0-9-]+)"\)', text))
    assert used, "no icons found: the scan is broken"
    assert used <= names, f"add to frontend/icons.json: {sorted(used - names)}"


def test_the_sprite_and_the_css_icons_come_from_the_locked_lucide_version():
    version = lock_version("lucide-static")
    sprite = (STATIC / "icons" / "sprite.svg").read_text(encoding="utf-8")
    assert f"lucide-static {version} (ISC)" in sprite
    wanted = json.loads((ROOT / "frontend" / "icons.json").read_text(encoding="utf-8"))
    assert set(wanted["sprite"]) == sprite_names(), "run `npm run build` in frontend/"
    for name in wanted["files"]:
        assert f"lucide-static v{version}" in (STATIC / "icons" / f"{name}.svg").read_text()


def test_the_typeface_is_served_by_the_app_with_cyrillic_from_the_locked_version(client):
    version = lock_version("@fontsource-variable/golos-text")
    css = (STATIC / "fonts" / "golos-text.css").read_text(encoding="utf-8")
    assert f"@fontsource-variable/golos-text {version}" in css
    files = re.findall(r"url\((golos-text/[^)]+\.woff2)\)", css)
    assert any("cyrillic-wght" in f for f in files) and any("latin-wght" in f for f in files)
    for name in files:
        response = client.get(f"/static/fonts/{name}")
        assert response.status_code == 200 and len(response.data) > 5000
        response.close()
    assert "http" not in css.split("*/", 1)[1], "fonts must never come from a CDN"


def test_every_page_names_its_language_and_loads_the_tokens(client):
    html = client.get("/join").get_data(as_text=True)
    assert re.search(r'<html lang="(ru|en)"', html)
    for sheet in ("fonts/golos-text.css", "css/tokens.css", "css/app.css"):
        assert f"/static/{sheet}" in html
