"""Updates that cut an emoji's two UTF-16 halves apart are refused; server and browsers agree.

The updates come from the real Yjs of the front-end (node, frontend/node_modules), which counts
text in UTF-16 units; pycrdt does not, so after such a cut the server's text and the browsers'
would differ for good.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from facilitator.extensions import db
from facilitator.realtime import documents, live_document, service
from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.updates import Section, UpdateRejected
from tests.realtime.conftest import call
from tests.services import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
SCRIPT = Path(__file__).with_name("yjs_split_pair.cjs")
SECTIONS = (Section("idea", "text"),)


def yjs(*args: str) -> dict[str, Any]:
    """Run the Yjs script with node and return what it printed."""
    node = shutil.which("node")
    if node is None or not (FRONTEND / "node_modules" / "yjs").is_dir():
        skip_or_fail("Node.js and the front-end's packages are needed (cd frontend && npm ci)")
    done = subprocess.run(
        [node, str(SCRIPT), str(FRONTEND), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def cases() -> dict[str, Any]:
    """Each case's updates (bytes) as the Yjs client sent them, and the text it then showed."""
    found = yjs("updates")
    return {
        name: {
            "updates": [base64.b64decode(update) for update in case["updates"]],
            "text": case["text"],
        }
        for name, case in found.items()
    }


def fresh_browser_text(state: bytes) -> str:
    """What a new browser tab shows after applying the server's whole state."""
    return yjs("text", base64.b64encode(state).decode())["text"]


@pytest.mark.parametrize("name", ["delete_half", "insert_between", "delete_first_half"])
def test_the_engine_refuses_an_update_cutting_an_emoji_in_two(cases, name):
    document = ModelDocument()
    first, cutting = cases[name]["updates"][:2]
    assert document.prepare(first, SECTIONS, in_place=True).changed
    with pytest.raises(UpdateRejected) as refused:
        document.prepare(cutting, SECTIONS, in_place=True)
    assert refused.value.code == "invalid_update"
    assert "two-unit character" in refused.value.detail
    assert document.snapshot(SECTIONS)["sections"]["idea"]["text"] == "a😀b школа"


def test_a_document_rebuilt_from_its_state_or_log_still_knows_where_the_emoji_are(cases):
    first, cutting = cases["insert_between"]["updates"]
    from_checkpoint = ModelDocument(first)
    from_log = ModelDocument()
    from_log.apply(first)
    for document in (from_checkpoint, from_log, from_log.copy()):
        with pytest.raises(UpdateRejected):
            document.prepare(cutting, SECTIONS)


def test_text_around_an_emoji_is_still_edited_freely(cases):
    document = ModelDocument()
    first = cases["delete_half"]["updates"][0]
    document.prepare(first, SECTIONS, in_place=True)
    # the third update of that case inserts after the whole emoji (its second half's id)
    assert document.prepare(cases["delete_half"]["updates"][2], SECTIONS).changed


def test_the_server_refuses_the_cut_with_invalid_update_and_matches_a_fresh_browser(
    workspace, connect, cases
):
    member = connect(workspace.member)
    assert call(member, "join", {"group_id": workspace.group.id, "state_vector": None})["ok"]
    acks = [
        call(
            member,
            "update",
            {"group_id": workspace.group.id, "update": base64.b64encode(update).decode()},
        )
        for update in cases["delete_half"]["updates"]
    ]

    assert acks[0] == {"ok": True, "seq": 1}
    assert acks[1]["ok"] is False and acks[1]["code"] == "invalid_update"
    assert acks[1]["message"]
    # the X typed after the emoji's place cuts nothing on the server: it lands after the emoji
    assert acks[2] == {"ok": True, "seq": 2}
    snapshot = service.document_snapshot(workspace.group)["sections"]["idea"]["text"]
    assert snapshot == "a😀Xb школа"

    reader = connect(workspace.second_member)
    joined = call(reader, "join", {"group_id": workspace.group.id, "state_vector": None})
    assert fresh_browser_text(base64.b64decode(joined["update"])) == snapshot
    # and so does a process that reads the model from the database afresh
    live_document.cache().forget()
    db.session.expire_all()
    with documents.locked_live(workspace.group.id) as live:
        assert fresh_browser_text(live.document.encode_state()) == snapshot


def test_an_update_inserting_between_the_halves_is_refused_and_changes_nothing(
    workspace, connect, cases
):
    member = connect(workspace.member)
    assert call(member, "join", {"group_id": workspace.group.id, "state_vector": None})["ok"]
    first, between = (base64.b64encode(u).decode() for u in cases["insert_between"]["updates"])
    assert call(member, "update", {"group_id": workspace.group.id, "update": first})["ok"]

    refused = call(member, "update", {"group_id": workspace.group.id, "update": between})

    assert refused["code"] == "invalid_update"
    reader = connect(workspace.second_member)
    joined = call(reader, "join", {"group_id": workspace.group.id, "state_vector": None})
    assert joined["seq"] == 1
    assert fresh_browser_text(base64.b64decode(joined["update"])) == "a😀b школа"
