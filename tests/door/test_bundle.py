"""The check-in page's script: built from the current sources, served by the app itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator import resource_dir
from tests.bundles import sources_digest

BUNDLE = "vendor/door.bundle.js"


def test_the_door_bundle_is_served_from_the_app(client):
    response = client.get(f"/static/{BUNDLE}")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    # qr-scanner's decoder worker comes inside the bundle: the camera needs nothing from outside
    assert b"createObjectURL" in response.data
    response.close()


def test_the_door_bundle_is_built_from_the_current_sources_and_locked_packages():
    frontend = Path(__file__).resolve().parents[2] / "frontend"
    if not (frontend / "src").is_dir():
        pytest.skip("no frontend/ sources in this tree (installed package)")
    head = (Path(resource_dir("static")) / BUNDLE).read_text(encoding="utf-8")[:1000]
    assert f"Sources: sha256 {sources_digest('src/door')}" in head, "run `npm run build`"
    lock = json.loads((frontend / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("qr-scanner", "socket.io-client"):
        version = lock["packages"][f"node_modules/{name}"]["version"]
        assert f" *   {name} {version} (MIT)" in head
        assert lock["packages"][""]["dependencies"][name] == version, "pin exact versions"
