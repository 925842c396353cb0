"""The workspace, progress and history pages: who may open them and what they show."""

from __future__ import annotations

import base64
import itertools
import json
import re
from pathlib import Path

import pytest
from pycrdt import Doc, Text

from facilitator import resource_dir
from facilitator.extensions import db, socketio
from facilitator.realtime import service
from facilitator.sessions.phases import Phase
from tests.bundles import sources_digest

BUNDLE = "vendor/workspace.bundle.js"
NAMESPACE = "/workspace"
_numbers = itertools.count(1)


@pytest.fixture
def group_session(make_session):
    """A session in group work with two groups and the default template."""
    return make_session(phase="group_work")


@pytest.fixture
def make_member(make_participant):
    """Return a callable which registers a participant with a device id the cookie accepts."""

    def _make(session, group):
        number = next(_numbers)
        return make_participant(session, group, device_id=f"workspace-device-{number:08d}")

    return _make


@pytest.fixture
def member(group_session, make_member):
    """A participant of the first group."""
    return make_member(group_session, group_session.groups[0])


def device(client, participant) -> None:
    """Let the client's browser carry the participant's device cookie."""
    client.set_cookie("facilitator_device", participant.device_id)


def json_block(html: str, element_id: str):
    """The JSON the page rendered into <script type="application/json" id=...>."""
    match = re.search(
        rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S
    )
    assert match, f"no #{element_id} block"
    return json.loads(match.group(1))


def test_bundle_is_built_and_served(client):
    """The committed bundle exists and the app serves it as JavaScript."""
    path = Path(resource_dir("static")) / BUNDLE
    assert path.is_file() and path.stat().st_size > 10_000
    response = client.get(f"/static/{BUNDLE}")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    response.close()


def test_bundle_is_built_from_the_current_sources_and_locked_packages():
    """Editing frontend/src or bumping a package without `npm run build` is caught here."""
    frontend = Path(__file__).resolve().parents[2] / "frontend"
    if not (frontend / "src").is_dir():
        pytest.skip("no frontend/ sources in this tree (installed package)")
    head = (Path(resource_dir("static")) / BUNDLE).read_text(encoding="utf-8")[:1000]
    assert f"Sources: sha256 {sources_digest('src')}" in head, "run `npm run build` in frontend/"
    lock = json.loads((frontend / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("yjs", "socket.io-client"):
        version = lock["packages"][f"node_modules/{name}"]["version"]
        assert f" *   {name} {version} (MIT)" in head
        assert lock["packages"][""]["dependencies"][name] == version, "pin exact versions"


def test_member_sees_every_section_in_template_order_with_hints(client, member, group_session):
    """A group member opens the workspace: all sections, in order, with hints and examples."""
    device(client, member)
    response = client.get(f"/w/{member.group_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    sections = group_session.template.sections
    positions = [html.index(f'id="s-{s.key}"') for s in sections]
    assert positions == sorted(positions)
    assert len(sections) >= 10
    for section in sections:
        if section.hint:
            assert section.hint.replace("«", "&laquo;") in html or section.hint in html
    table = next(s for s in sections if s.kind == "table")
    for column in table.columns:
        assert f'<th scope="col">{column["title"]}</th>' in html
    assert "<noscript>" in html and BUNDLE in html
    config = json_block(html, "workspace-config")
    assert config["group_id"] == member.group_id
    assert [s["key"] for s in config["sections"]] == [s.key for s in sections]
    strings = json_block(html, "workspace-i18n")
    assert strings["status_connected"] == "Подключено"
    assert strings["saved_server"] == "Все изменения сохранены на сервере"
    assert (
        strings["saved_phone"]["few"] == "Сохранено на этом телефоне, {n} правки ещё не отправлены"
    )
    assert 'aria-live="polite"' in html


def test_page_shows_the_current_text_before_the_script_runs(client, member, group_session):
    """Text saved in the group's document is in the page (for the first paint and noscript)."""
    group = member.group
    key = group_session.template.sections[1].key
    device(client, member)
    write_text(client, group, key, "Непрерывное сопровождение")
    html = client.get(f"/w/{group.id}").get_data(as_text=True)
    assert "Непрерывное сопровождение</textarea>" in html


def write_text(flask_client, group, key: str, text: str) -> None:
    """Type text into a section the way a browser does: join and send a Yjs update."""
    sio = socketio.test_client(
        flask_client.application, namespace=NAMESPACE, flask_test_client=flask_client
    )
    ack = sio.emit("join", {"group_id": group.id}, namespace=NAMESPACE, callback=True)
    assert ack["ok"], ack
    doc = Doc()
    doc[f"text:{key}"] = Text(text)
    update = base64.b64encode(doc.get_update()).decode()
    ack = sio.emit(
        "update", {"group_id": group.id, "update": update}, namespace=NAMESPACE, callback=True
    )
    assert ack["ok"], ack
    sio.disconnect(namespace=NAMESPACE)


def test_moderator_of_the_session_may_open_it(moderator_client, group_session):
    """The session's moderator opens any group's workspace, with links to progress and history."""
    group = group_session.groups[1]
    response = moderator_client.get(f"/w/{group.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"/w/{group.id}/history" in html
    assert f"/w/session/{group_session.id}/progress" in html


def test_participant_of_another_group_reads_when_the_session_allows(
    client, group_session, make_member
):
    """Another group's participant gets a read-only page when others may view models."""
    other = make_member(group_session, group_session.groups[1])
    device(client, other)
    response = client.get(f"/w/{group_session.groups[0].id}")
    assert response.status_code == 200
    assert "нельзя изменять" in response.get_data(as_text=True)


def test_participant_of_another_group_gets_404_when_the_session_forbids(
    client, group_session, make_member
):
    """With others_may_view_models off, another group's model does not exist for them."""
    group_session.others_may_view_models = False
    other = make_member(group_session, group_session.groups[1])
    device(client, other)
    assert client.get(f"/w/{group_session.groups[0].id}").status_code == 404


def test_participant_of_another_session_is_sent_to_join(
    client, group_session, make_session, make_member
):
    """A device known only in another session must join this one first."""
    elsewhere = make_session()
    stranger = make_member(elsewhere, elsewhere.groups[0])
    device(client, stranger)
    response = client.get(f"/w/{group_session.groups[0].id}")
    assert response.status_code == 302
    assert response.location.endswith("/join")


def test_anonymous_visitor_is_sent_to_join(client, group_session):
    """A browser without identity is redirected to the join page, which reveals no code."""
    response = client.get(f"/w/{group_session.groups[0].id}")
    assert response.status_code == 302
    assert response.location.endswith("/join")
    assert group_session.join_code not in response.location


def test_moderator_of_another_session_gets_404(
    client, group_session, make_moderator, make_session, login
):
    """A logged-in moderator who does not run the session sees nothing."""
    outsider = make_moderator()
    make_session(owner=outsider)
    login(outsider)
    assert client.get(f"/w/{group_session.groups[0].id}").status_code == 404


def test_unknown_group_is_404(client, member):
    """No such group: 404 even for a participant."""
    device(client, member)
    assert client.get("/w/999999").status_code == 404


def test_progress_board_lists_every_group(moderator_client, group_session, make_member):
    """The moderator's board has a live progress bar, its headcount and links for each group."""
    for _ in range(2):
        make_member(group_session, group_session.groups[0])
    response = moderator_client.get(f"/w/session/{group_session.id}/progress")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for group in group_session.groups:
        assert f'data-group="{group.id}"' in html
        assert f'href="/w/{group.id}"' in html
    assert html.count('role="progressbar"') == len(group_session.groups)
    assert json_block(html, "progress-config") == {"session_id": group_session.id}
    assert "2 участника" in html and "0 участников" in html


def test_progress_board_is_for_the_sessions_moderators_only(
    client, group_session, make_moderator, login, member
):
    """Participants are sent to log in; other moderators get 404."""
    device(client, member)
    assert client.get(f"/w/session/{group_session.id}/progress").status_code == 302
    login(make_moderator())
    assert client.get(f"/w/session/{group_session.id}/progress").status_code == 404


def test_history_lists_versions_and_restores_one(moderator_client, group_session, moderator):
    """A moderator sees versions, opens one read-only, and restores it with a POST."""
    group = group_session.groups[0]
    key = group_session.template.sections[0].key
    write_text(moderator_client, group, key, "Первая редакция")
    service.record_versions(group_session, reason="phase")
    write_text(moderator_client, group, key, " и вторая")
    version = service.list_versions(group)[0]

    html = moderator_client.get(f"/w/{group.id}/history").get_data(as_text=True)
    assert f"/w/{group.id}/history/{version.id}" in html
    assert "Смена этапа" in html

    page = moderator_client.get(f"/w/{group.id}/history/{version.id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Первая редакция" in body and "и вторая" not in body
    assert "<textarea" not in body

    response = moderator_client.post(f"/w/{group.id}/history/{version.id}/restore")
    assert response.status_code == 302
    assert service.document_snapshot(group)["sections"][key]["text"] == "Первая редакция"


def test_history_is_hidden_from_participants(client, member):
    """Participants cannot see the history or restore: login redirect, never the page."""
    device(client, member)
    assert client.get(f"/w/{member.group_id}/history").status_code == 302
    assert client.post(f"/w/{member.group_id}/history/1/restore").status_code == 302


def test_unknown_version_is_404(moderator_client, group_session):
    """A version id of another group, or none, is 404."""
    group = group_session.groups[0]
    assert moderator_client.get(f"/w/{group.id}/history/424242").status_code == 404
    assert moderator_client.post(f"/w/{group.id}/history/424242/restore").status_code == 404


def test_moderator_reopens_editing_after_group_work(moderator_client, group_session):
    """After group work the board offers to let a group edit again, and that sticks."""
    group_session.phase = Phase.presentations
    db.session.commit()
    group = group_session.groups[0]
    html = moderator_client.get(f"/w/session/{group_session.id}/progress").get_data(as_text=True)
    assert f"/w/{group.id}/editing" in html
    response = moderator_client.post(f"/w/{group.id}/editing", data={"action": "reopen"})
    assert response.status_code == 302
    assert service.editing_reopened(group)
    moderator_client.post(f"/w/{group.id}/editing", data={"action": "close"})
    assert not service.editing_reopened(group)
