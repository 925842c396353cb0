"""The committed live bundle is served and built from the current sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator import resource_dir
from tests.bundles import sources_digest

BUNDLE = "vendor/live.bundle.js"


def test_the_live_bundle_is_served_as_javascript(client):
    path = Path(resource_dir("static")) / BUNDLE
    assert path.is_file() and path.stat().st_size > 10_000
    response = client.get(f"/static/{BUNDLE}")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    response.close()


def test_the_live_bundle_is_built_from_the_current_sources():
    """Editing frontend/src/live without `npm run build` in frontend/ is caught here."""
    frontend = Path(__file__).resolve().parents[2] / "frontend"
    if not (frontend / "src" / "live").is_dir():
        pytest.skip("no frontend/ sources in this tree (installed package)")
    head = (Path(resource_dir("static")) / BUNDLE).read_text(encoding="utf-8")[:1000]
    assert f"Sources: sha256 {sources_digest('src/live')}" in head, (
        "run `npm run build` in frontend/"
    )
    lock = json.loads((frontend / "package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/socket.io-client"]["version"]
    assert f" *   socket.io-client {version} (MIT)" in head
    assert "yjs" not in head  # the live pages need no CRDT
