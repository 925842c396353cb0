"""A table section follows the document's events: the same snapshot as reading it all again."""

from __future__ import annotations

import json
import random

import pytest
from pycrdt import Array, Doc, Map, Text

from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.updates import Section, UpdateRejected
from tests.realtime.replica import Replica, unb64

SECTIONS = (
    Section("idea", "text"),
    Section("lines", "table", ("who", "what")),
    Section("criteria", "table", ("name",)),
)


def fresh_view(document: ModelDocument):
    """Snapshot, JSON and progress of a new document read from the same state."""
    again = ModelDocument(document.encode_state())
    return again.snapshot(SECTIONS), again.snapshot_json(SECTIONS), again.progress(SECTIONS)


def step(document: ModelDocument, replica: Replica) -> None:
    """Send the replica's edits to the document and compare it with a fresh read."""
    update = replica.take()
    if update is None:
        return
    document.prepare(unb64(update), SECTIONS, in_place=True)
    snapshot, encoded, progress = fresh_view(document)
    assert document.snapshot(SECTIONS) == snapshot
    assert json.loads(document.snapshot_json(SECTIONS)) == json.loads(encoded) == snapshot
    assert document.progress(SECTIONS) == progress


def test_random_row_edits_keep_the_followed_table_equal_to_a_fresh_read():
    chooser = random.Random(4)
    document = ModelDocument()
    writers = [Replica(client_id=n + 1) for n in range(2)]
    for writer in writers:
        writer.apply_bytes(document.encode_state())
    for number in range(150):
        writer = chooser.choice(writers)
        table = writer.table(chooser.choice(["lines", "criteria"]))
        rows = list(table)
        action = chooser.random()
        if action < 0.25 or not rows:
            cells = {"who": Text(""), "what": Text(f"{number}"), "name": Text("")}
            order = f"a{chooser.choice('123456789')}" if chooser.random() < 0.8 else None
            values = {"id": f"r{number}", **cells} | ({"order": order} if order else {})
            table.insert(chooser.randrange(len(rows) + 1), Map(values))
        elif action < 0.6:
            row = chooser.choice(rows)
            cell = row.get("who") or row.get("name")
            if isinstance(cell, Text):
                cell.insert(len(cell), chooser.choice(["ж", " ", "слово "]))
        elif action < 0.75:
            chooser.choice(rows)["order"] = f"a{chooser.choice('123456789')}V"
        elif action < 0.85:
            del table[chooser.randrange(len(rows))]
        else:
            row = chooser.choice(rows)
            cell = row.get("who")
            if isinstance(cell, Text) and len(cell):
                del cell[0 : len(cell)]
        step(document, writer)
        # Now and then the other writer catches up, as the server's broadcast does.
        if chooser.random() < 0.5:
            for other in writers:
                other.apply_bytes(document.encode_state())


def test_rows_read_in_key_order_and_rows_without_keys_by_position():
    writer = Doc()
    table = writer.get("table:lines", type=Array)
    table.append(Map({"id": "old-1", "who": Text("первый"), "what": Text("")}))
    table.append(Map({"id": "old-2", "who": Text("второй"), "what": Text("")}))
    table.append(Map({"id": "new", "order": "a1V", "who": Text("между"), "what": Text("")}))
    document = ModelDocument(writer.get_update())
    rows = document.snapshot(SECTIONS)["sections"]["lines"]["rows"]
    assert [row["id"] for row in rows] == ["old-1", "new", "old-2"]


def test_moving_a_row_changes_one_key_and_keeps_its_cells():
    replica = Replica()
    document = ModelDocument()
    for number in range(3):
        replica.table("lines").append(
            Map(
                {
                    "id": f"r{number}",
                    "order": f"a{number + 1}",
                    "who": Text(f"{number}"),
                    "what": Text(""),
                }
            )
        )
    step(document, replica)
    replica.table("lines")[2]["order"] = "a1V"
    update = unb64(replica.take())
    assert len(update) < 40  # one map entry, not a copy of the row
    document.prepare(update, SECTIONS, in_place=True)
    rows = document.snapshot(SECTIONS)["sections"]["lines"]["rows"]
    assert [row["who"] for row in rows] == ["0", "2", "1"]


@pytest.mark.parametrize("value", [5, Text("a1")])
def test_an_order_that_is_not_a_string_is_refused(value):
    replica = Replica()
    document = ModelDocument()
    replica.table("lines").append(Map({"id": "r", "who": Text("x"), "what": Text("")}))
    step(document, replica)
    replica.table("lines")[0]["order"] = value
    before = document.snapshot(SECTIONS)
    with pytest.raises(UpdateRejected) as caught:
        document.prepare(unb64(replica.take()), SECTIONS, in_place=True)
    assert "order" in caught.value.detail
    assert document.snapshot(SECTIONS) == before


def test_restore_puts_rows_back_in_order_without_re_creating_them():
    replica = Replica()
    document = ModelDocument()
    for number in range(3):
        replica.table("lines").append(
            Map({"id": f"r{number}", "who": Text(f"{number}"), "what": Text("")})
        )
    step(document, replica)
    earlier = document.snapshot(SECTIONS)
    replica.table("lines")[0]["order"] = "a3V"  # r0 moves to the end
    step(document, replica)
    restore = document.restore_update(earlier, SECTIONS)
    after = document.prepare(restore, SECTIONS, in_place=True).document
    assert after.snapshot(SECTIONS) == earlier
    replica.apply_bytes(restore)
    assert [row.get("id") for row in replica.table("lines")] == ["r0", "r1", "r2"]
