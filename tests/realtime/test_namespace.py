"""The /workspace handlers through Flask-SocketIO's test client: roles, events, bad input."""

from __future__ import annotations

import base64
import logging

import pytest
import sqlalchemy as sa
from pycrdt import Doc, Text

from facilitator.extensions import db
from facilitator.realtime.models import DocumentUpdate, GroupDocument
from tests.realtime.conftest import call, drain
from tests.realtime.replica import Replica, b64
from tests.realtime.yjs_fixtures import TABLE_DOC_V1, TABLE_DOC_V2

ROLES = {
    # role: (join, update, presence) outcomes for group 1
    "member": ("editor", "ok", "ok"),
    "viewer_from_other_group": ("viewer", "forbidden", "ok"),
    "other_group_when_viewing_is_off": ("forbidden", "forbidden", "forbidden"),
    "participant_of_another_session": ("forbidden", "forbidden", "forbidden"),
    "anonymous": ("forbidden", "forbidden", "forbidden"),
    "moderator": ("editor", "ok", "ok"),
    "co_moderator_of_another_session": ("forbidden", "forbidden", "forbidden"),
}


def person_for(role, workspace):
    """The person of a role in the table, adjusting the session where the role needs it."""
    if role == "other_group_when_viewing_is_off":
        workspace.session.others_may_view_models = False
        db.session.commit()
    return {
        "member": workspace.member,
        "viewer_from_other_group": workspace.other_participant,
        "other_group_when_viewing_is_off": workspace.other_participant,
        "participant_of_another_session": workspace.outsider,
        "anonymous": None,
        "moderator": workspace.owner,
        "co_moderator_of_another_session": workspace.co_moderator_elsewhere,
    }[role]


def outcome(ack):
    """What an acknowledgement says in one word."""
    if ack.get("ok"):
        return ack.get("role", "ok")
    return ack["code"]


def typed(text="Идея"):
    """A base64 update typing into the idea section of a fresh replica."""
    replica = Replica()
    replica.type("idea", text)
    return replica.take()


def stored_seq(group):
    """The group's last committed seq (0 when nobody opened the model)."""
    db.session.expire_all()
    row = db.session.get(GroupDocument, group.id)
    return row.last_seq if row else 0


@pytest.mark.parametrize("role", ROLES)
def test_join_update_presence_by_role(role, workspace, connect):
    expected_join, expected_update, _presence = ROLES[role]
    client = connect(person_for(role, workspace))
    group_id = workspace.group.id

    join = call(client, "join", {"group_id": group_id, "state_vector": None})
    update = call(client, "update", {"group_id": group_id, "update": typed()})
    presence = call(client, "presence", {"group_id": group_id, "section": "idea"})

    assert (outcome(join), outcome(update), outcome(presence)) == ROLES[role]
    assert stored_seq(workspace.group) == (1 if expected_update == "ok" else 0)
    if expected_join == "forbidden":
        assert join["message"] == "У вас нет доступа к этой модели."


def test_join_answers_with_the_template_and_who_the_client_is(workspace, connect):
    ack = call(connect(workspace.member), "join", {"group_id": workspace.group.id})
    assert ack["me"] == {"kind": "participant", "id": workspace.member.id, "name": "Анна"}
    assert ack["seq"] == 0
    keys = [section["key"] for section in ack["sections"]]
    assert keys[:2] == ["title", "idea"]
    lines = next(s for s in ack["sections"] if s["key"] == "interaction_lines")
    assert lines["kind"] == "table"
    assert [c["key"] for c in lines["columns"]] == ["who", "with_whom", "format", "regularity"]


def test_joining_client_gets_what_it_lacks_and_the_server_state_vector(workspace, connect):
    writer, reader = connect(workspace.member), connect(workspace.second_member)
    call(writer, "join", {"group_id": workspace.group.id})
    call(writer, "update", {"group_id": workspace.group.id, "update": typed("Школа")})
    replica = Replica()
    ack = call(
        reader, "join", {"group_id": workspace.group.id, "state_vector": replica.state_vector()}
    )
    replica.apply(ack["update"])
    assert str(replica.text("idea")) == "Школа"
    assert ack["seq"] == 1
    assert replica.missing_from(ack["state_vector"]) == b64(b"\x00\x00")


def test_update_is_acked_after_commit_and_broadcast_to_the_rest_of_the_room(workspace, connect):
    sender, peer, moderator = (
        connect(workspace.member),
        connect(workspace.second_member),
        connect(workspace.owner),
    )
    for client in (sender, peer, moderator):
        call(client, "join", {"group_id": workspace.group.id})
    drain(sender), drain(peer), drain(moderator)

    update = typed()
    ack = call(sender, "update", {"group_id": workspace.group.id, "update": update})

    assert ack == {"ok": True, "seq": 1}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DocumentUpdate)) == 1
    got = drain(peer)
    assert got["update"] == [{"group_id": workspace.group.id, "update": update, "seq": 1}]
    assert got["progress"][0]["sections"]["idea"] is True
    assert got["progress"][0]["filled"] == 1
    assert "update" not in drain(sender)
    assert "update" in drain(moderator)


def test_viewer_of_another_group_receives_updates_read_only(workspace, connect):
    viewer, writer = connect(workspace.other_participant), connect(workspace.member)
    ack = call(viewer, "join", {"group_id": workspace.group.id})
    assert ack["role"] == "viewer"
    assert ack["read_only_reason"] == "other_group"
    assert ack["read_only_message"].startswith("Это модель другой группы")
    call(writer, "join", {"group_id": workspace.group.id})
    drain(viewer)
    call(writer, "update", {"group_id": workspace.group.id, "update": typed()})
    assert len(drain(viewer)["update"]) == 1


def test_update_or_presence_before_join_is_not_joined(workspace, connect):
    client = connect(workspace.member)
    assert (
        call(client, "update", {"group_id": workspace.group.id, "update": typed()})["code"]
        == "not_joined"
    )
    assert (
        call(client, "presence", {"group_id": workspace.group.id, "section": None})["code"]
        == "not_joined"
    )
    assert stored_seq(workspace.group) == 0


def test_presence_lists_each_person_once_with_their_section(workspace, connect):
    phone, laptop, peer = (
        connect(workspace.member),
        connect(workspace.member),
        connect(workspace.second_member),
    )
    for client in (phone, laptop, peer):
        call(client, "join", {"group_id": workspace.group.id})
    drain(peer)
    call(laptop, "presence", {"group_id": workspace.group.id, "section": "goals"})
    members = drain(peer)["presence"][-1]["members"]
    assert members == [
        {"id": workspace.member.id, "kind": "participant", "name": "Анна", "section": "goals"},
        {"id": workspace.second_member.id, "kind": "participant", "name": "Борис", "section": None},
    ]
    laptop.disconnect(namespace="/workspace")
    phone.disconnect(namespace="/workspace")
    members = drain(peer)["presence"][-1]["members"]
    assert [member["name"] for member in members] == ["Борис"]


def test_presence_for_a_section_outside_the_template_is_a_bad_request(workspace, connect):
    client = connect(workspace.member)
    call(client, "join", {"group_id": workspace.group.id})
    ack = call(client, "presence", {"group_id": workspace.group.id, "section": "nope"})
    assert ack["code"] == "bad_request"


def test_leave_takes_the_client_out_of_the_room(workspace, connect):
    leaver, writer = connect(workspace.second_member), connect(workspace.member)
    call(leaver, "join", {"group_id": workspace.group.id})
    call(writer, "join", {"group_id": workspace.group.id})
    assert call(leaver, "leave", {"group_id": workspace.group.id}) == {"ok": True}
    assert [m["name"] for m in drain(writer)["presence"][-1]["members"]] == ["Анна"]
    drain(leaver)
    call(writer, "update", {"group_id": workspace.group.id, "update": typed()})
    assert "update" not in drain(leaver)
    assert (
        call(leaver, "update", {"group_id": workspace.group.id, "update": typed("x")})["code"]
        == "not_joined"
    )


# --- bad input ------------------------------------------------------------------------------


def v2_bytes():
    return base64.b64encode(TABLE_DOC_V2).decode()


def unknown_root():
    doc = Doc()
    doc.get("text:secret", type=Text).insert(0, "x")
    return b64(doc.get_update())


BAD_UPDATES = {
    "oversized": (lambda: b64(b"\x00" * (64 * 1024 + 1)), "too_large"),
    "garbage": (lambda: b64(b"not a yjs update at all"), "invalid_update"),
    "v2": (v2_bytes, "invalid_update"),
    "unknown_root": (unknown_root, "invalid_update"),
    "not_base64": (lambda: "***", "bad_request"),
    "not_a_string": (lambda: 12, "bad_request"),
}


@pytest.mark.parametrize("case", BAD_UPDATES)
def test_bad_update_is_refused_nothing_applied_and_the_room_keeps_working(
    case, workspace, connect, caplog
):
    make, code = BAD_UPDATES[case]
    sender, peer = connect(workspace.member), connect(workspace.second_member)
    call(sender, "join", {"group_id": workspace.group.id})
    call(peer, "join", {"group_id": workspace.group.id})
    drain(peer)

    with caplog.at_level(logging.INFO, logger="facilitator.realtime"):
        ack = call(sender, "update", {"group_id": workspace.group.id, "update": make()})

    assert ack["ok"] is False
    assert ack["code"] == code
    assert ack["message"]
    assert stored_seq(workspace.group) == 0
    assert "update" not in drain(peer)
    assert any("Refused update" in record.getMessage() for record in caplog.records)
    assert call(sender, "update", {"group_id": workspace.group.id, "update": typed()})["ok"]
    assert len(drain(peer)["update"]) == 1


def test_too_large_message_states_the_limit_in_russian(workspace, connect):
    sender = connect(workspace.member)
    call(sender, "join", {"group_id": workspace.group.id})
    ack = call(sender, "update", {"group_id": workspace.group.id, "update": b64(b"\0" * 70000)})
    assert ack["message"] == "Слишком большое изменение: предел — 64 КиБ."


def test_document_over_its_cap_is_too_large(workspace, connect, app):
    app.config["REALTIME_MAX_DOCUMENT_BYTES"] = 2000
    sender = connect(workspace.member)
    call(sender, "join", {"group_id": workspace.group.id})
    ack = call(sender, "update", {"group_id": workspace.group.id, "update": typed("ж" * 1500)})
    assert ack["code"] == "too_large"
    assert stored_seq(workspace.group) == 0


@pytest.mark.parametrize(
    "payload", [None, "text", [1, 2], {"group_id": "1"}, {"group_id": True}, {}]
)
def test_malformed_payload_is_a_bad_request(payload, workspace, connect):
    client = connect(workspace.member)
    assert call(client, "join", payload)["code"] == "bad_request"


def test_unknown_group_is_not_found(workspace, connect):
    client = connect(workspace.owner)
    assert call(client, "join", {"group_id": 999_999})["code"] == "not_found"
    assert call(client, "update", {"group_id": 999_999, "update": typed()})["code"] == "not_found"


def test_member_sending_to_another_group_is_refused(workspace, connect):
    client = connect(workspace.member)
    call(client, "join", {"group_id": workspace.group.id})
    call(client, "join", {"group_id": workspace.other_group.id})
    ack = call(client, "update", {"group_id": workspace.other_group.id, "update": typed()})
    assert ack["code"] == "forbidden"
    assert stored_seq(workspace.other_group) == 0


def test_unknown_event_gets_an_error_event(workspace, connect):
    client = connect(workspace.member)
    ack = call(client, "delete_everything", {"group_id": workspace.group.id})
    assert ack["code"] == "unknown_event"
    assert drain(client)["error"] == [
        {"code": "unknown_event", "event": "delete_everything", "message": ack["message"]}
    ]


def test_an_unknown_event_name_is_logged_escaped_on_one_line(workspace, connect, caplog):
    client = connect(workspace.member)
    name = "forged\nINFO facilitator: all is well \udf33"
    with caplog.at_level(logging.INFO, logger="facilitator"):
        assert call(client, name, {})["code"] == "unknown_event"
    logged = [r.getMessage() for r in caplog.records if "unknown_event" in r.getMessage()]
    assert len(logged) == 1
    assert "\n" not in logged[0], "a client cannot start a log line of its own"
    assert "\\udf33" in logged[0]
    logged[0].encode("utf-8")  # a lone surrogate would make the log handler fail


def test_flood_of_updates_is_rate_limited_and_nothing_of_it_applied(workspace, connect, app):
    app.config["REALTIME_UPDATE_BURST"] = 3
    app.config["REALTIME_UPDATE_RATE"] = 0.001
    sender, peer = connect(workspace.member), connect(workspace.second_member)
    call(sender, "join", {"group_id": workspace.group.id})
    call(peer, "join", {"group_id": workspace.group.id})
    replica = Replica()
    codes = []
    for number in range(5):
        replica.type("idea", str(number))
        ack = call(sender, "update", {"group_id": workspace.group.id, "update": replica.take()})
        codes.append(outcome(ack))
    assert codes == ["ok", "ok", "ok", "rate_limited", "rate_limited"]
    assert stored_seq(workspace.group) == 3
    call(peer, "update", {"group_id": workspace.group.id, "update": typed("peer")})
    assert stored_seq(workspace.group) == 4


def test_a_resent_update_is_acked_without_a_new_seq(workspace, connect):
    sender, peer = connect(workspace.member), connect(workspace.second_member)
    call(sender, "join", {"group_id": workspace.group.id})
    call(peer, "join", {"group_id": workspace.group.id})
    update = b64(TABLE_DOC_V1)
    assert call(sender, "update", {"group_id": workspace.group.id, "update": update})["seq"] == 1
    drain(peer)
    assert call(sender, "update", {"group_id": workspace.group.id, "update": update}) == {
        "ok": True,
        "seq": 1,
    }
    assert "update" not in drain(peer)


# --- phases and moderators -------------------------------------------------------------------


def test_members_read_only_after_group_work_until_a_moderator_reopens(workspace, connect):
    from facilitator.realtime import service

    workspace.session.phase = "presentations"
    db.session.commit()
    member = connect(workspace.member)
    ack = call(member, "join", {"group_id": workspace.group.id})
    assert (ack["role"], ack["read_only_reason"]) == ("viewer", "work_over")
    refused = call(member, "update", {"group_id": workspace.group.id, "update": typed()})
    assert refused["code"] == "read_only"
    assert refused["message"].startswith("Работа в группах завершена")
    drain(member)

    service.reopen_editing(workspace.group, workspace.owner)

    assert drain(member)["status"] == [
        {
            "group_id": workspace.group.id,
            "role": "editor",
            "read_only_reason": None,
            "read_only_message": None,
        }
    ]
    assert call(member, "update", {"group_id": workspace.group.id, "update": typed()})["ok"]
    service.close_editing(workspace.group, workspace.owner)
    assert drain(member)["status"][0]["read_only_reason"] == "work_over"
    assert (
        call(member, "update", {"group_id": workspace.group.id, "update": typed("x")})["code"]
        == "read_only"
    )


def test_phase_change_tells_members_their_rights(workspace, connect):
    from facilitator.realtime import service

    member, viewer = connect(workspace.member), connect(workspace.other_participant)
    call(member, "join", {"group_id": workspace.group.id})
    call(viewer, "join", {"group_id": workspace.group.id})
    drain(member), drain(viewer)
    workspace.session.phase = "presentations"
    db.session.commit()
    service.phase_changed(workspace.session)
    status = drain(member)["status"][0]
    assert (status["role"], status["read_only_reason"]) == ("viewer", "work_over")
    assert status["read_only_message"].startswith("Работа в группах завершена")
    assert "status" not in drain(viewer)


def test_moderators_edit_after_group_work(workspace, connect):
    workspace.session.phase = "closed"
    db.session.commit()
    moderator = connect(workspace.owner)
    assert call(moderator, "join", {"group_id": workspace.group.id})["role"] == "editor"
    assert call(moderator, "update", {"group_id": workspace.group.id, "update": typed()})["ok"]


def test_watching_moderator_gets_every_groups_progress(workspace, connect):
    dashboard, writer = connect(workspace.owner), connect(workspace.member)
    ack = call(dashboard, "watch_session", {"session_id": workspace.session.id})
    assert [group["group_id"] for group in ack["groups"]] == [
        workspace.group.id,
        workspace.other_group.id,
    ]
    assert ack["groups"][0]["filled"] == 0
    assert ack["groups"][0]["total"] == 16
    call(writer, "join", {"group_id": workspace.group.id})
    call(writer, "update", {"group_id": workspace.group.id, "update": typed()})
    progress = drain(dashboard)["progress"]
    assert progress[0]["group_id"] == workspace.group.id
    assert progress[0]["filled"] == 1
    assert progress[0]["seq"] == 1


@pytest.mark.parametrize("role", ["member", "co_moderator_of_another_session", "anonymous"])
def test_only_the_sessions_moderators_may_watch_it(role, workspace, connect):
    client = connect(person_for(role, workspace))
    assert call(client, "watch_session", {"session_id": workspace.session.id})["code"] == (
        "forbidden"
    )


def test_watching_a_missing_session_is_not_found(workspace, connect):
    assert call(connect(workspace.owner), "watch_session", {"session_id": 424242})["code"] == (
        "not_found"
    )
