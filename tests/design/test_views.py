"""The living page of the design system renders the real components."""

from __future__ import annotations

import re

from facilitator.design.icons import sprite_names


def test_the_design_page_renders_every_token_group_and_component_for_a_moderator(
    moderator_client,
):
    response = moderator_client.get("/design")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for anchor in ("colour", "type", "space", "radius", "elevation", "buttons", "forms"):
        assert f'id="ds-{anchor}"' in html
    for token in ("--color-primary", "--fs-4xl", "--space-8", "--radius-pill", "--shadow-3"):
        assert f"<code>{token}</code>" in html
    # the form field macro with its refusal, the live timer macro, a named progress bar
    assert 'aria-invalid="true"' in html and 'class="error"' in html
    assert "data-live-timer" in html and "14:05" in html
    assert re.search(r'role="progressbar" aria-labelledby="[^"]+"', html)
    # the dark theme sample and every icon of the sprite
    assert "theme-projector" in html
    uses = re.findall(r'<use href="/static/icons/sprite\.svg(?:\?v=[0-9a-f]+)?#', html)
    assert len(uses) >= len(sprite_names())


def test_the_design_page_is_hidden_from_visitors_outside_debug(client):
    assert client.get("/design").status_code == 404


def test_the_design_page_is_open_in_debug(app, client):
    app.debug = True
    try:
        assert client.get("/design").status_code == 200
    finally:
        app.debug = False


def test_the_design_page_speaks_russian_with_hyphenated_examples(moderator_client):
    html = moderator_client.get("/design?lang=ru").get_data(as_text=True)
    assert '<html lang="ru"' in html
    assert "Дизайн-система" in html
    assert "про\u00adфо\u00adри" in html or "\u00ad" in html.split("ds-hyphen-demo", 1)[1][:400]
