"""`presence` reuses rights read moments ago, and reads them again once they are older."""

from __future__ import annotations

import sqlalchemy as sa

from facilitator.extensions import db
from tests.realtime.conftest import call


def participant_queries(app, action) -> int:
    """How many statements reading the participants table ``action`` ran."""
    seen: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany):
        if "participants" in statement:
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", spy)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", spy)
    return len(seen)


def test_presence_right_after_joining_reads_no_rights_again(workspace, connect, app):
    client = connect(workspace.member)
    call(client, "join", {"group_id": workspace.group.id})

    def move_around() -> None:
        for section in ("idea", "goals", None):
            assert call(client, "presence", {"group_id": workspace.group.id, "section": section})[
                "ok"
            ]

    assert participant_queries(app, move_around) == 0


def test_presence_reads_rights_again_once_they_are_older_than_the_window(workspace, connect, app):
    app.config["REALTIME_RIGHTS_REUSE_SECONDS"] = 0.0
    client = connect(workspace.other_participant)
    assert call(client, "join", {"group_id": workspace.group.id})["role"] == "viewer"
    workspace.session.others_may_view_models = False
    db.session.commit()

    ack = call(client, "presence", {"group_id": workspace.group.id, "section": "idea"})

    assert ack["code"] == "forbidden"
