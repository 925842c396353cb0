"""A participant moved out of a group, or out of the session, stops following its model at once."""

from __future__ import annotations

import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.joining import roster
from facilitator.realtime.models import DocumentUpdate
from tests.conftest import PASSWORD
from tests.realtime.conftest import call, drain
from tests.realtime.test_namespace import typed


def open_the_model(workspace, connect):
    """Both members of group 1 have its model open; their inboxes are empty."""
    mover, peer = connect(workspace.member), connect(workspace.second_member)
    for client in (mover, peer):
        assert call(client, "join", {"group_id": workspace.group.id})["role"] == "editor"
    drain(mover), drain(peer)
    return mover, peer


def logged_updates() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(DocumentUpdate))


def test_a_member_moved_away_who_may_not_read_other_models_stops_getting_its_edits(
    workspace, connect
):
    workspace.session.others_may_view_models = False
    db.session.commit()
    mover, peer = open_the_model(workspace, connect)

    roster.move_participant(workspace.member, workspace.other_group.id)

    [status] = drain(mover)["status"]
    assert status["group_id"] == workspace.group.id
    assert (status["role"], status["read_only_reason"]) == ("viewer", "left_group")
    assert status["read_only_message"].startswith("Вы больше не в этой группе")
    assert [m["name"] for m in drain(peer)["presence"][-1]["members"]] == ["Борис"]
    assert call(peer, "update", {"group_id": workspace.group.id, "update": typed()})["ok"]
    assert "update" not in drain(mover)
    refused = call(mover, "update", {"group_id": workspace.group.id, "update": typed("x")})
    assert refused["ok"] is False
    assert logged_updates() == 1


def test_a_member_moved_away_keeps_reading_when_the_session_allows_it_but_cannot_edit(
    workspace, connect
):
    assert workspace.session.others_may_view_models
    mover, peer = open_the_model(workspace, connect)

    roster.move_participant(workspace.member, workspace.other_group.id)

    [status] = drain(mover)["status"]
    assert (status["role"], status["read_only_reason"]) == ("viewer", "other_group")
    assert status["read_only_message"].startswith("Это модель другой группы")
    assert "status" not in drain(peer)
    call(peer, "update", {"group_id": workspace.group.id, "update": typed()})
    assert len(drain(mover)["update"]) == 1
    refused = call(mover, "update", {"group_id": workspace.group.id, "update": typed("x")})
    assert refused["code"] == "forbidden"
    assert refused["message"] == "Эту модель можно только читать, но не редактировать."
    assert logged_updates() == 1


def test_a_member_removed_from_the_session_stops_getting_the_groups_edits(workspace, connect):
    mover, peer = open_the_model(workspace, connect)

    roster.remove_participant(workspace.member)

    [status] = drain(mover)["status"]
    assert status["read_only_reason"] == "left_group"
    assert [m["name"] for m in drain(peer)["presence"][-1]["members"]] == ["Борис"]
    call(peer, "update", {"group_id": workspace.group.id, "update": typed()})
    assert "update" not in drain(mover)
    assert (
        call(mover, "update", {"group_id": workspace.group.id, "update": typed("x")})["ok"] is False
    )


def test_the_roster_page_move_reaches_the_open_model(workspace, connect, app):
    workspace.session.others_may_view_models = False
    db.session.commit()
    mover, peer = open_the_model(workspace, connect)
    moderator = connect(workspace.owner)
    call(moderator, "join", {"group_id": workspace.group.id})
    http = app.test_client()
    http.post("/login", data={"email": workspace.owner.email, "password": PASSWORD})

    response = http.post(
        f"/sessions/{workspace.session.id}/participants/{workspace.member.id}/move",
        data={"group": str(workspace.other_group.id)},
    )

    assert response.status_code == 302
    assert drain(mover)["status"][0]["read_only_reason"] == "left_group"
    assert "status" not in drain(moderator)
    call(peer, "update", {"group_id": workspace.group.id, "update": typed()})
    assert "update" not in drain(mover)


def test_other_connections_in_the_group_are_untouched_by_a_move(workspace, connect):
    mover, peer = open_the_model(workspace, connect)
    viewer = connect(workspace.other_participant)
    call(viewer, "join", {"group_id": workspace.group.id})
    drain(viewer)

    roster.move_participant(workspace.second_member, workspace.other_group.id)

    assert "status" not in drain(mover)
    assert "status" not in drain(viewer)
    assert "status" in drain(peer)


def test_readers_of_other_groups_stop_at_once_when_the_moderator_closes_reading(workspace, connect):
    from facilitator.sessions import preparation

    member, reader = connect(workspace.member), connect(workspace.other_participant)
    assert call(member, "join", {"group_id": workspace.group.id})["role"] == "editor"
    assert call(reader, "join", {"group_id": workspace.group.id})["role"] == "viewer"
    drain(member), drain(reader)

    preparation.update_session(
        workspace.session, {"others_may_view_models": False}, workspace.owner
    )

    [status] = drain(reader)["status"]
    assert (status["role"], status["read_only_reason"]) == ("viewer", "reading_closed")
    assert status["read_only_message"].startswith("Модератор закрыл модели других групп")
    seen_by_member = drain(member)
    assert "status" not in seen_by_member
    assert [m["name"] for m in seen_by_member["presence"][-1]["members"]] == ["Анна"]
    assert call(member, "update", {"group_id": workspace.group.id, "update": typed()})["ok"]
    assert "update" not in drain(reader)
    assert call(reader, "join", {"group_id": workspace.group.id})["code"] == "forbidden"


def test_opening_reading_again_or_saving_other_details_sends_nobody_away(workspace, connect):
    from facilitator.sessions import preparation

    reader = connect(workspace.other_participant)
    call(reader, "join", {"group_id": workspace.group.id})
    drain(reader)

    preparation.update_session(workspace.session, {"title": "Новое название"}, workspace.owner)
    preparation.update_session(workspace.session, {"others_may_view_models": True}, workspace.owner)

    assert "status" not in drain(reader)
