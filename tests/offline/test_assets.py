"""Static URLs name their content, so a phone never runs an old bundle against a new server."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from facilitator import resource_dir
from facilitator.offline import assets

STATIC = Path(resource_dir("static"))


def digest_of(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:16]


def test_every_static_url_carries_the_hash_of_the_files_content(app):
    with app.test_request_context():
        from flask import url_for

        url = url_for("static", filename="vendor/workspace.bundle.js")
        assert (
            url == f"/static/vendor/workspace.bundle.js?v={digest_of('vendor/workspace.bundle.js')}"
        )
        css = url_for("static", filename="css/app.css")
        assert css.endswith(f"?v={digest_of('css/app.css')}")
        assert url_for("static", filename="no/such/file.js") == "/static/no/such/file.js"


def test_a_changed_file_gets_a_new_url_once_the_known_hash_is_rechecked(app, tmp_path, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(assets, "_clock", lambda: now[0])
    app.static_folder = str(tmp_path)
    (tmp_path / "x.js").write_text("one")
    with app.test_request_context():
        from flask import url_for

        first = url_for("static", filename="x.js")
        (tmp_path / "x.js").write_text("two, longer")
        now[0] += assets.RECHECK_SECONDS / 2
        trusted = url_for("static", filename="x.js")
        now[0] += assets.RECHECK_SECONDS
        second = url_for("static", filename="x.js")
    assert trusted == first, "within RECHECK_SECONDS the known hash is used without a look"
    assert first != second
    assert first.endswith(hashlib.sha256(b"one").hexdigest()[:16])
    assert second.endswith(hashlib.sha256(b"two, longer").hexdigest()[:16])


def test_names_of_files_that_do_not_exist_are_not_remembered(app):
    with app.test_request_context():
        before = len(assets._hashes)
        for number in range(50):
            assert assets.content_hash(f"no/such/file-{number}.js") is None
    assert len(assets._hashes) == before, "the memo would grow with every name asked for"


def test_a_new_or_removed_file_changes_the_precache_after_a_recheck(app, tmp_path, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(assets, "_clock", lambda: now[0])
    app.static_folder = str(tmp_path)
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text("a")
    with app.test_request_context():
        first = assets.precache("/static")
        (tmp_path / "css" / "b.css").write_text("b")
        assert assets.precache("/static") == first
        now[0] += assets.RECHECK_SECONDS
        second = assets.precache("/static")
        (tmp_path / "css" / "a.css").unlink()
        now[0] += assets.RECHECK_SECONDS
        third = assets.precache("/static")
    assert [entry["url"].split("?")[0] for entry in second.manifest] == [
        "/static/css/a.css",
        "/static/css/b.css",
    ]
    assert [entry["url"].split("?")[0] for entry in third.manifest] == ["/static/css/b.css"]
    assert len({first.digest, second.digest, third.digest}) == 3


def test_pages_refer_to_the_hashed_bundle(client):
    html = client.get("/join").get_data(as_text=True)
    assert re.search(r'/static/css/app\.css\?v=[0-9a-f]{16}"', html)


def test_a_hashed_url_is_kept_for_a_year_and_a_stale_one_is_not(client):
    name = "vendor/live.bundle.js"
    fresh = client.get(f"/static/{name}?v={digest_of(name)}")
    assert fresh.status_code == 200
    assert fresh.headers["Cache-Control"] == assets.IMMUTABLE
    fresh.close()
    stale = client.get(f"/static/{name}?v=0000000000000000")
    assert stale.status_code == 200
    assert "immutable" not in stale.headers.get("Cache-Control", "")
    stale.close()


def test_the_precache_holds_the_participant_bundles_styles_and_scripts(app):
    with app.app_context():
        files = assets.precache_files()
        manifest = assets.precache_manifest("/static")
    for name in (
        "vendor/workspace.bundle.js",
        "vendor/live.bundle.js",
        "css/app.css",
        "css/workspace.css",
        "css/live.css",
        "js/offline.js",
        "js/confirm.js",
    ):
        assert name in files
    assert "vendor/sw.bundle.js" not in files, "the worker is served at /sw.js, not precached"
    assert {
        "url": f"/static/css/app.css?v={digest_of('css/app.css')}",
        "revision": None,
    } in manifest
    assert len(assets.assets_digest(manifest)) == 16
