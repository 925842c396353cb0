"""What a join tells a page that kept edits on the device: the bundle and the last restore."""

from __future__ import annotations

import base64

from pycrdt import Doc, Text

from facilitator.offline import assets
from facilitator.realtime import service
from tests.realtime.conftest import call


def test_join_names_the_workspace_bundle_the_server_serves(app, workspace, connect):
    client = connect(workspace.member)
    reply = call(client, "join", {"group_id": workspace.group.id, "state_vector": None})
    assert reply["ok"] is True
    with app.app_context():
        expected = assets.content_hash("vendor/workspace.bundle.js")
    assert expected and reply["client_version"] == expected


def test_join_names_the_seq_of_the_latest_restore(workspace, connect):
    """0 before any restore; the restoring edit's seq after one (so a page holding older offline
    edits can tell a moderator rolled the model back meanwhile)."""
    group = workspace.group
    client = connect(workspace.member)
    reply = call(client, "join", {"group_id": group.id, "state_vector": None})
    assert reply["restored_seq"] == 0
    key = workspace.session.template.sections[0].key
    doc = Doc()
    doc[f"text:{key}"] = Text("Первая редакция")
    ack = call(client, "update", {"group_id": group.id, "update": encode(doc.get_update())})
    assert ack["ok"] is True
    service.record_versions(workspace.session, reason="phase")
    state = doc.get_state()
    doc[f"text:{key}"] += " и вторая"
    second = call(client, "update", {"group_id": group.id, "update": encode(doc.get_update(state))})
    assert second["ok"] is True
    version = service.list_versions(group)[0]
    restored = service.restore_version(version, workspace.owner)
    again = call(client, "join", {"group_id": group.id, "state_vector": None})
    assert again["restored_seq"] == restored > second["seq"]


def encode(update: bytes) -> str:
    return base64.b64encode(update).decode()
