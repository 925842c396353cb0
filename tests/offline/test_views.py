"""The service worker at /sw.js and which pages a participant's phone may keep."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from facilitator import resource_dir
from facilitator.offline import assets
from facilitator.offline.views import OFFLINE_HEADER, VIEWER_HEADER
from tests.bundles import sources_digest

WORKER = "vendor/sw.bundle.js"


@pytest.fixture
def hall(make_session, make_participant):
    """A session in group work with two members of group 1 and one of group 2."""
    session = make_session(phase="group_work")
    one, two = session.groups
    anna = make_participant(session, one, device_id="offline-device-anna-0000001")
    boris = make_participant(session, one, device_id="offline-device-boris-000001")
    vera = make_participant(session, two, device_id="offline-device-vera-0000001")
    return session, anna, boris, vera


def as_device(client, participant) -> None:
    client.set_cookie("facilitator_device", participant.device_id)


def config_of(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="workspace-config">(.*?)</script>', html)
    assert match
    return json.loads(match.group(1))


def test_the_worker_is_served_at_the_root_with_the_current_precache(client, app):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    body = response.get_data(as_text=True)
    assert "self.__WB_MANIFEST" not in body and "self.__FACILITATOR_OFFLINE__" not in body
    with app.app_context():
        manifest = assets.precache_manifest("/static")
    assert json.dumps(manifest) in body
    assert json.dumps({"assets": assets.assets_digest(manifest)}) in body


def test_the_worker_bundle_is_built_from_the_current_sources():
    """Editing frontend/src/sw without `npm run build` in frontend/ is caught here."""
    frontend = Path(__file__).resolve().parents[2] / "frontend"
    if not (frontend / "src" / "sw").is_dir():
        pytest.skip("no frontend/ sources in this tree (installed package)")
    head = (Path(resource_dir("static")) / WORKER).read_text(encoding="utf-8")[:1000]
    assert f"Sources: sha256 {sources_digest('src/sw')}" in head, "run `npm run build` in frontend/"
    assert " *   workbox-precaching 7.4.1 (MIT)" in head


def test_a_members_model_and_home_may_be_kept_offline(client, hall):
    session, anna, _, _ = hall
    as_device(client, anna)
    for url in (f"/w/{anna.group_id}", f"/s/{session.join_code}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.headers[OFFLINE_HEADER]) == 16
        assert len(response.headers[VIEWER_HEADER]) == 16
        assert "Cookie" in response.headers["Vary"]
        html = response.get_data(as_text=True)
        assert 'src="/static/js/offline.js?v=' in html and 'data-worker="/sw.js"' in html


def test_moderators_pages_and_redirects_are_never_kept(moderator_client, client, hall):
    session, anna, _, _ = hall
    response = moderator_client.get(f"/w/{anna.group_id}")
    assert response.status_code == 200
    assert OFFLINE_HEADER not in response.headers
    assert "js/offline.js" not in response.get_data(as_text=True)
    assert OFFLINE_HEADER not in moderator_client.get(f"/sessions/{session.id}").headers
    redirect = client.get(f"/s/{session.join_code}/")  # no device cookie: off to register
    assert redirect.status_code == 302 and OFFLINE_HEADER not in redirect.headers


def test_each_person_gets_another_tag_and_another_store(client, hall):
    _, anna, boris, vera = hall
    seen = {}
    for person in (anna, boris):
        as_device(client, person)
        response = client.get(f"/w/{anna.group_id}")
        seen[person.id] = (
            response.headers[VIEWER_HEADER],
            config_of(response.get_data(as_text=True)),
        )
    assert seen[anna.id][0] != seen[boris.id][0]
    store_a, store_b = seen[anna.id][1]["offline_store"], seen[boris.id][1]["offline_store"]
    assert store_a != store_b
    assert store_a.endswith(f"-{anna.group_id}-p{anna.id}")
    as_device(client, vera)
    other = config_of(client.get(f"/w/{vera.group_id}").get_data(as_text=True))
    assert other["offline_store"].endswith(f"-{vera.group_id}-p{vera.id}")
    assert seen[anna.id][1]["client_version"] == assets.content_hash("vendor/workspace.bundle.js")


def test_a_new_session_with_the_same_ids_never_meets_an_old_store(client, hall, app):
    """The store's name holds the session's creation time: a fresh database gets new names."""
    session, anna, _, _ = hall
    as_device(client, anna)
    before = config_of(client.get(f"/w/{anna.group_id}").get_data(as_text=True))["offline_store"]
    from facilitator.extensions import db

    session.created_at = session.created_at.replace(year=session.created_at.year - 1)
    db.session.commit()
    after = config_of(client.get(f"/w/{anna.group_id}").get_data(as_text=True))["offline_store"]
    assert before != after


def test_every_static_file_the_offline_pages_load_is_precached(client, hall, app):
    """A page reloaded offline finds each of its scripts, styles, fonts and icons in the cache."""
    session, anna, _, _ = hall
    as_device(client, anna)
    with app.app_context():
        precached = set(assets.precache_files())
    for url in (f"/w/{anna.group_id}", f"/s/{session.join_code}/"):
        html = client.get(url).get_data(as_text=True)
        used = set(re.findall(r'/static/([^"?\s]+)\?v=[0-9a-f]{16}', html))
        assert used, url
        assert used <= precached, f"{url} loads {sorted(used - precached)} not kept offline"


def test_a_phone_whose_cookie_is_reissued_signed_stays_the_same_viewer(client, app, hall):
    from facilitator.joining.identity import sign_device_id

    session, anna, _boris, _vera = hall
    as_device(client, anna)
    bare = client.get(f"/s/{session.join_code}/")
    assert client.get_cookie("facilitator_device").value == sign_device_id(anna.device_id)
    signed = client.get(f"/s/{session.join_code}/")
    assert bare.headers[VIEWER_HEADER] == signed.headers[VIEWER_HEADER]
