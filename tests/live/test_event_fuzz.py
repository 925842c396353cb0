"""No /live event, whatever its payload, is answered by a crash, on SQLite and PostgreSQL.

The session's moderator, a member of each group, the projector and an anonymous visitor each
send every event the namespace registers (and unknown ones) with generated payloads: wrong
types, missing keys, huge numbers, NUL and lone surrogates, nested junk, bytes and long
strings. See tests/socket_fuzz.py for the property.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy.orm as so
from flask import Flask
from hypothesis import strategies as st

from facilitator.extensions import db
from facilitator.live.broadcast import NAMESPACE
from facilitator.live.clock import ACTIONS, MAX_MINUTES
from facilitator.live.phase_control import TIMER_CHOICES
from facilitator.sessions.phases import Phase
from tests.conftest import build_app
from tests.socket_fuzz import Probe, Target, fuzz, nasty_texts

#: Per event, and for unknown events, on each backend
EXAMPLES = 20


@pytest.fixture
def app(backend_url, tmp_path) -> Iterator[Flask]:
    """The app on each backend, with the rate limit out of the way of hundreds of events."""
    app = build_app(backend_url, tmp_path, LIVE_EVENT_BURST=10**6)
    with app.app_context():
        yield app
        db.session.remove()
        so.close_all_sessions()  # what a socket handler's context left open, before dispose
        # The next test's app starts from an empty schema (build_app).
        db.engine.dispose()


def accepted(ack: object) -> bool:
    """An acknowledgement that went ahead."""
    return isinstance(ack, dict) and ack.get("ok") is True


def test_no_live_event_crashes_the_server_or_changes_data_when_refused(live, connect):
    session = live.session
    projector = connect()
    assert accepted(
        projector.emit(
            "watch",
            {"projector_token": session.projector_token},
            namespace=NAMESPACE,
            callback=True,
        )
    )
    groups, items = [group.id for group in session.groups], [item.id for item in live.items]
    ids = st.sampled_from([session.id, *groups, *items, 2**31 - 1])
    plausible = {
        "session_id": ids,
        "group_id": ids,
        "item_id": ids,
        "code": st.sampled_from(
            [session.join_code, f" {session.join_code[:3]}-{session.join_code[3:]}"]
        ),
        "projector_token": nasty_texts | st.just(session.projector_token),
        "locale": st.sampled_from(["ru", "en", "de"]) | nasty_texts,
        "phase": st.sampled_from([phase.value for phase in Phase]),
        "timer": st.sampled_from(TIMER_CHOICES),
        "action": st.sampled_from(ACTIONS),
        "minutes": st.integers(1, MAX_MINUTES + 1),
        "step": st.sampled_from([1, -1, 1.0]),
        "show": st.booleans() | st.sampled_from(["0", "true"]),
    }
    by_code = Probe("watch", {"code": session.join_code}, accepted)
    target = Target(
        NAMESPACE,
        clients={
            "moderator": connect(live.owner),
            "member": connect(live.member),
            "other_group": connect(live.other_member),
            "projector": projector,
            "anonymous": connect(),
        },
        probes={
            "moderator": Probe("watch", {"session_id": session.id}, accepted),
            "member": by_code,
            "other_group": by_code,
            "projector": Probe("watch", {"projector_token": session.projector_token}, accepted),
            "anonymous": by_code,
        },
        plausible=plausible,
        shapes={
            "watch": [
                ["code", "locale"],
                ["projector_token", "locale"],
                ["projector_token"],
                ["session_id", "locale"],
            ],
            "set_phase": [["session_id", "phase", "timer"]],
            "next_item": [["session_id", "timer"]],
            "start_item": [["session_id", "item_id", "timer"]],
            "timer_control": [["session_id", "action", "minutes"]],
            "present_group": [["session_id", "group_id"], ["session_id", "step"]],
            "reveal_results": [["session_id", "show"]],
        },
    )
    fuzz(target, EXAMPLES)
