"""Durable documents on SQLite and PostgreSQL: log, commit, catch-up, compaction, versions."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from facilitator import create_app
from facilitator.extensions import db
from facilitator.realtime import documents, live_document, service
from facilitator.realtime import versions as versions_
from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.live_document import Author
from facilitator.realtime.models import DocumentUpdate, DocumentVersion, GroupDocument
from facilitator.sessions.models import CreativeGroup, DesignSession, TemplateSection
from facilitator.sessions.phases import SectionKind
from tests.queries import statements
from tests.realtime.replica import Replica, unb64
from tests.realtime.seed import seed_workspace

AUTHOR = Author("participant", 1)


def group_of(seeded) -> CreativeGroup:
    return db.session.get(CreativeGroup, seeded.group_id)


def typing(replica: Replica, text: str) -> bytes:
    """Type into the idea section and return the update."""
    replica.type("idea", text)
    return unb64(replica.take())


def text_in_a_fresh_process(group: CreativeGroup) -> str:
    """The idea section as a process with an empty cache reads it from the database."""
    live_document.cache().forget()
    update, _vector, _seq = documents.read_for_join(group, None)
    sections = documents.template_sections(group)
    return ModelDocument(update).snapshot(sections)["sections"]["idea"]["text"]


def test_an_appended_update_is_committed_when_append_returns(any_backend_app):
    seeded = seed_workspace()
    group = group_of(seeded)
    result = documents.append_update(group, typing(Replica(), "Школа"), AUTHOR)
    assert result.seq == 1

    # another connection sees the row: the transaction is committed, not just flushed
    with db.engine.connect() as other:
        rows = other.execute(
            sa.select(DocumentUpdate.seq, DocumentUpdate.author_kind).where(
                DocumentUpdate.group_id == group.id
            )
        ).all()
        snapshot = other.execute(
            sa.select(GroupDocument.snapshot).where(GroupDocument.group_id == group.id)
        ).scalar_one()
    assert rows == [(1, "participant")]
    assert snapshot["sections"]["idea"]["text"] == "Школа"
    assert text_in_a_fresh_process(group) == "Школа"


def test_compaction_keeps_the_base_state_and_drops_folded_updates(any_backend_app):
    any_backend_app.config["REALTIME_COMPACT_EVERY"] = 3
    group = group_of(seed_workspace())
    replica = Replica()
    updates = [typing(replica, letter) for letter in "абвгдеж"]
    for update in updates:
        documents.append_update(group, update, AUTHOR)

    row = db.session.get(GroupDocument, group.id)
    db.session.refresh(row)
    assert (row.checkpoint_seq, row.last_seq) == (6, 7)
    left = db.session.scalars(
        sa.select(DocumentUpdate.seq).where(DocumentUpdate.group_id == group.id)
    ).all()
    assert left == [7]
    assert text_in_a_fresh_process(group) == "абвгдеж"

    # the log alone (without the checkpoint's base state) does not make the document
    increments = ModelDocument()
    for data in db.session.scalars(
        sa.select(DocumentUpdate.data).where(DocumentUpdate.group_id == group.id)
    ):
        increments.apply(data)
    sections = documents.template_sections(group)
    assert increments.snapshot(sections)["sections"]["idea"]["text"] == ""
    # the second checkpoint still holds what the first one folded
    assert ModelDocument(row.checkpoint).snapshot(sections)["sections"]["idea"]["text"] == (
        "абвгде"
    )


def test_manual_compaction_folds_the_whole_log(any_backend_app):
    group = group_of(seed_workspace())
    replica = Replica()
    for letter in "абв":
        documents.append_update(group, typing(replica, letter), AUTHOR)
    assert versions_.compact(group) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DocumentUpdate)) == 0
    assert text_in_a_fresh_process(group) == "абв"


@pytest.fixture
def second_process(any_backend_app):
    """Another app on the same database, with its own document cache: a second process."""
    config = {key: value for key, value in any_backend_app.config.items() if key.isupper()}
    other = create_app(config | {"INSTANCE_PATH": any_backend_app.instance_path})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_caches_of_two_processes_catch_up_with_each_other(any_backend_app, second_process):
    any_backend_app.config["REALTIME_COMPACT_EVERY"] = 4
    seeded = seed_workspace()
    other = second_process
    first_writer, second_writer = Replica(), Replica()

    documents.append_update(group_of(seeded), typing(first_writer, "A"), AUTHOR)
    with other.app_context():
        other.config["REALTIME_COMPACT_EVERY"] = 4
        group = group_of(seeded)
        for letter in "bcdef":  # compacts past what the first process has cached
            documents.append_update(group, typing(second_writer, letter), AUTHOR)
        db.session.remove()
    update, _vector, seq = documents.read_for_join(group_of(seeded), None)
    assert seq == 6
    text = ModelDocument(update).snapshot(documents.template_sections(group_of(seeded)))
    assert sorted(text["sections"]["idea"]["text"]) == sorted("Abcdef")


def test_concurrent_appends_from_two_processes_get_distinct_seqs_and_all_survive(
    any_backend_app, second_process
):
    seeded = seed_workspace()
    apps = [any_backend_app, second_process]
    errors: list[BaseException] = []

    def write(app, letter: str) -> None:
        try:
            with app.app_context():
                replica = Replica()
                group = group_of(seeded)
                for _ in range(10):
                    documents.append_update(group, typing(replica, letter), AUTHOR)
                db.session.remove()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=pair) for pair in zip(apps, "XY", strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    seqs = db.session.scalars(sa.select(DocumentUpdate.seq).order_by(DocumentUpdate.seq)).all()
    assert seqs == list(range(1, 21))
    text = text_in_a_fresh_process(group_of(seeded))
    assert sorted(text) == sorted("X" * 10 + "Y" * 10)


def test_a_version_is_recorded_once_the_interval_passed(any_backend_app):
    group = group_of(seed_workspace())
    replica = Replica()
    documents.append_update(group, typing(replica, "а"), AUTHOR)
    assert service.list_versions(group) == []
    any_backend_app.config["REALTIME_VERSION_INTERVAL_SECONDS"] = 0
    documents.append_update(group, typing(replica, "б"), AUTHOR)
    (version,) = service.list_versions(group)
    assert (version.reason, version.seq, version.phase) == ("interval", 2, "group_work")
    assert version.snapshot["sections"]["idea"]["text"] == "аб"


def test_phase_versions_are_recorded_for_changed_groups_only(any_backend_app):
    seeded = seed_workspace()
    group = group_of(seeded)
    session = db.session.get(DesignSession, seeded.session_id)
    assert service.record_versions(session, reason="phase") == []  # nothing written yet
    documents.append_update(group, typing(Replica(), "а"), AUTHOR)
    (version,) = service.record_versions(session, reason="phase")
    assert (version.reason, version.seq) == ("phase", 1)
    assert service.record_versions(session, reason="phase") == []


def test_restoring_a_version_is_a_new_edit_and_keeps_history(any_backend_app):
    seeded = seed_workspace()
    group = group_of(seeded)
    session = db.session.get(DesignSession, seeded.session_id)
    replica = Replica()
    documents.append_update(group, typing(replica, "Первая редакция"), AUTHOR)
    (first,) = service.record_versions(session, reason="phase")
    replica.text("idea").insert(0, "Совсем другая. ")
    documents.append_update(group, unb64(replica.take()), AUTHOR)

    moderator = session.owner
    seq = service.restore_version(first, moderator)

    assert seq == 3
    assert service.document_snapshot(group)["sections"]["idea"]["text"] == "Первая редакция"
    assert text_in_a_fresh_process(group) == "Первая редакция"
    reasons = [(v.reason.value, v.seq) for v in service.list_versions(group)]
    assert reasons == [("restore", 3), ("interval", 2), ("phase", 1)]
    assert service.list_versions(group)[0].author_name == moderator.full_name
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DocumentVersion)) == 3


def test_snapshot_and_progress_cover_every_section_before_anyone_edits(any_backend_app):
    group = group_of(seed_workspace())
    snapshot = service.document_snapshot(group)
    assert snapshot["sections"]["idea"] == {"kind": "text", "text": ""}
    assert snapshot["sections"]["interaction_lines"] == {"kind": "table", "rows": []}
    progress = service.group_progress(group)
    assert (progress["filled"], progress["total"], progress["seq"]) == (0, 16, 0)


def test_reopening_editing_is_stored_on_the_document(any_backend_app):
    seeded = seed_workspace()
    group = group_of(seeded)
    moderator = db.session.get(DesignSession, seeded.session_id).owner
    assert not service.editing_reopened(group)
    service.reopen_editing(group, moderator)
    assert service.editing_reopened(group)
    service.close_editing(group, moderator)
    assert not service.editing_reopened(group)


def group_and_untouched_one(seeded) -> tuple[CreativeGroup, CreativeGroup, DesignSession]:
    """The seeded group, a second group nobody opened, and their session."""
    group = group_of(seeded)
    session = db.session.get(DesignSession, seeded.session_id)
    untouched = CreativeGroup(name="Группа 2", position=1, capacity=15)
    session.groups.append(untouched)
    db.session.commit()
    return group, untouched, session


def test_session_progress_reads_every_group_as_group_progress_does(any_backend_app):
    group, untouched, session = group_and_untouched_one(seed_workspace())
    documents.append_update(group, typing(Replica(), "Школа"), AUTHOR)
    service.reopen_editing(group, session.owner)

    def expected() -> dict[int, dict]:
        return {
            g.id: service.group_progress(g) | {"editing_reopened": g.id == group.id}
            for g in (group, untouched)
        }

    assert service.session_progress(session) == expected()
    assert service.session_progress(session)[group.id]["filled"] == 1

    # a section added to the template after the last commit counts at once
    session.template.sections.append(TemplateSection(key="extra", title="Ещё", position=99))
    db.session.commit()
    after = service.session_progress(session)
    assert after == expected()
    assert after[group.id]["total"] == after[untouched.id]["total"] == 17


def test_session_snapshots_read_every_group_as_document_snapshot_does(any_backend_app):
    group, untouched, session = group_and_untouched_one(seed_workspace())
    replica = Replica()
    replica.type("idea", "Школа")
    replica.type("goals", "Цели")
    replica.add_row("interaction_lines", ["who", "with_whom", "format", "regularity"], {"who": "я"})
    documents.append_update(group, unb64(replica.take()), AUTHOR)

    def one_by_one() -> dict[int, dict]:
        return {g.id: service.document_snapshot(g) for g in (group, untouched)}

    db.session.refresh(session)  # the append committed, which expired it
    with statements() as seen:
        together = service.document_snapshots(session)
    assert len(seen) == 2
    assert together == one_by_one()
    assert together[group.id]["sections"]["idea"] == {"kind": "text", "text": "Школа"}
    assert together[untouched.id]["sections"]["idea"] == {"kind": "text", "text": ""}

    # The template changes after the last commit: a section removed, one added, one re-kinded.
    by_key = {section.key: section for section in session.template.sections}
    session.template.sections.remove(by_key["goals"])
    by_key["idea"].kind = SectionKind.table
    session.template.sections.append(TemplateSection(key="extra", title="Ещё", position=99))
    db.session.commit()
    after = service.document_snapshots(session)
    assert after == one_by_one()
    parts = after[group.id]["sections"]
    assert "goals" not in parts and parts["extra"] == {"kind": "text", "text": ""}
    assert parts["idea"] == {"kind": "table", "rows": []}
    assert parts["interaction_lines"]["rows"][0]["who"] == "я"


def test_template_sections_are_read_again_only_after_the_cache_time(any_backend_app, monkeypatch):
    seeded = seed_workspace()
    session = db.session.get(DesignSession, seeded.session_id)
    any_backend_app.config["REALTIME_TEMPLATE_CACHE_SECONDS"] = 2.0
    clock = [1000.0]
    monkeypatch.setattr(documents.time, "monotonic", lambda: clock[0])
    first = documents.cached_sections([session.id])[session.id]
    session.template.sections.append(TemplateSection(key="extra", title="Ещё", position=99))
    db.session.commit()

    clock[0] += 1.0
    within = documents.cached_sections([session.id])[session.id]
    clock[0] += 1.5
    after = documents.cached_sections([session.id])[session.id]

    assert within == first
    assert [s.key for s in after] == [s.key for s in first] + ["extra"]


def test_a_large_models_snapshot_column_lags_but_every_reader_gets_the_last_commit(
    any_backend_app, second_process
):
    """Past REALTIME_SNAPSHOT_SMALL_BYTES the column is written only now and then; readers
    notice its seq and read the document, in this process and in another one."""
    any_backend_app.config |= {
        "REALTIME_SNAPSHOT_SMALL_BYTES": 0,
        "REALTIME_SNAPSHOT_EVERY_SECONDS": 3600,
    }
    seeded = seed_workspace()
    group = group_of(seeded)
    replica = Replica()
    for word in ("Школа", " и", " партнёры"):
        documents.append_update(group, typing(replica, word), AUTHOR)
    stored, last_seq = db.session.execute(
        sa.select(GroupDocument.snapshot, GroupDocument.last_seq).where(
            GroupDocument.group_id == group.id
        )
    ).one()
    assert (stored["seq"], last_seq) == (1, 3)
    assert stored["sections"]["idea"]["text"] == "Школа"
    assert service.document_snapshot(group)["sections"]["idea"]["text"] == "Школа и партнёры"
    session = db.session.get(DesignSession, seeded.session_id)
    every = service.document_snapshots(session)
    assert every[group.id]["sections"]["idea"]["text"] == "Школа и партнёры"
    assert service.group_progress(group)["sections"]["idea"] is True
    with second_process.app_context():
        other = db.session.get(CreativeGroup, seeded.group_id)
        assert service.document_snapshot(other)["sections"]["idea"]["text"] == ("Школа и партнёры")
