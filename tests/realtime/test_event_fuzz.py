"""No /workspace event, whatever its payload, is answered by a crash, on SQLite and PostgreSQL.

A moderator, a member of the group, a member of the other group, a participant of another
session and an anonymous visitor each send every event the namespace registers (and unknown
ones) with generated payloads: wrong types, missing keys, huge numbers, NUL and lone
surrogates, nested junk, bytes, long strings, and Yjs updates typing such text. See
tests/socket_fuzz.py for the property.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy.orm as so
from flask import Flask
from hypothesis import strategies as st
from pycrdt import Doc

from facilitator.extensions import db
from facilitator.realtime.protocol import NAMESPACE
from facilitator.sessions.phases import SectionKind
from tests.conftest import build_app
from tests.realtime.replica import Replica, b64
from tests.socket_fuzz import Probe, Target, base64_of, fuzz, is_clear_refusal, nasty_texts

#: Per event, and for unknown events, on each backend
EXAMPLES = 30
#: Text a person could type: anything UTF-8 can carry, controls and NUL included
typed = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)


@pytest.fixture
def app(backend_url, tmp_path) -> Iterator[Flask]:
    """The app on each backend, with rate limits out of the way of hundreds of events."""
    app = build_app(
        backend_url,
        tmp_path,
        REALTIME_EVENT_BURST=10**6,
        REALTIME_UPDATE_BURST=10**6,
    )
    with app.app_context():
        yield app
        db.session.remove()
        so.close_all_sessions()  # what a socket handler's context left open, before dispose
        # The next test's app starts from an empty schema (build_app).
        db.engine.dispose()


def typed_update(key: str, text: str) -> str:
    """A Yjs update of a fresh replica typing ``text`` into the text section ``key``."""
    replica = Replica()
    replica.type(key, text)
    return replica.take() or ""


def test_no_workspace_event_crashes_the_server_or_changes_data_when_refused(workspace, connect):
    group, other = workspace.group, workspace.other_group
    sections = workspace.session.template.sections
    text_keys = [section.key for section in sections if section.kind == SectionKind.text]
    ids = st.sampled_from([group.id, other.id, workspace.session.id, 2**31 - 1])
    plausible = {
        "group_id": ids,
        "session_id": ids,
        "section": st.sampled_from([section.key for section in sections]) | nasty_texts,
        "state_vector": st.just(b64(Doc().get_state())) | base64_of(st.binary(max_size=32)),
        "update": st.builds(typed_update, st.sampled_from(text_keys), typed)
        | base64_of(st.binary(max_size=64))
        | base64_of(st.just(70_000).map(bytes)),
    }
    joined = Probe("join", {"group_id": group.id}, lambda ack: ack.get("ok") is True)
    refused = Probe(
        "join",
        {"group_id": group.id},
        lambda ack: is_clear_refusal(ack) and ack["code"] == "forbidden",
    )
    target = Target(
        NAMESPACE,
        clients={
            "moderator": connect(workspace.owner),
            "member": connect(workspace.member),
            "other_group": connect(workspace.other_participant),
            "outsider": connect(workspace.outsider),
            "anonymous": connect(),
        },
        probes={
            "moderator": Probe(
                "watch_session",
                {"session_id": workspace.session.id},
                lambda ack: ack.get("ok") is True,
            ),
            "member": joined,
            "other_group": Probe("join", {"group_id": other.id}, lambda ack: ack.get("ok") is True),
            "outsider": refused,
            "anonymous": refused,
        },
        plausible=plausible,
        shapes={
            "join": [["group_id", "state_vector"]],
            "update": [["group_id", "update"]],
            "presence": [["group_id", "section"]],
            "leave": [["group_id"]],
            "watch_session": [["session_id"]],
        },
    )
    fuzz(target, EXAMPLES)
