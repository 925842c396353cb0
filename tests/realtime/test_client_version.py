"""The join acknowledgement names the bundle the server serves, so old pages reload first."""

from __future__ import annotations

from facilitator.offline import assets
from tests.realtime.conftest import call


def test_join_names_the_workspace_bundle_the_server_serves(app, workspace, connect):
    client = connect(workspace.member)
    reply = call(client, "join", {"group_id": workspace.group.id, "state_vector": None})
    assert reply["ok"] is True
    with app.app_context():
        expected = assets.content_hash("vendor/workspace.bundle.js")
    assert expected and reply["client_version"] == expected
