"""Print how fast the co-editing server validates and commits updates.

Usage: python bench/realtime_bench.py [DATABASE_URL]   (SQLite in a temp folder by default)

The database is emptied first: give it a database of its own.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pycrdt import Doc, Text

from facilitator.realtime import live_document
from facilitator.realtime.engine import ModelDocument
from facilitator.realtime.updates import Section

SECTIONS = (Section("idea", "text"), Section("goals", "text"))


def timed(function, repeat: int) -> float:
    """Median seconds of one call."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def engine_figures() -> None:
    """Validation cost of one keystroke against documents of growing size."""
    print("engine: prepare() of a one-character update")
    for size in (10_000, 100_000, 1_000_000):
        writer = Doc()
        text = writer.get("text:idea", type=Text)
        chunk = "Школа и социальные партнёры. " * 20
        while len(writer.get_update()) < size:
            text.insert(len(text), chunk)
        document = ModelDocument(writer.get_update())
        state = writer.get_state()
        text.insert(0, "ж")
        keystroke = writer.get_update(state)
        seconds = timed(lambda d=document, k=keystroke: d.prepare(k, SECTIONS), 20)
        print(f"  document {size / 1000:>6.0f} kB: {seconds * 1000:7.2f} ms")


def bench_app(url: str, folder: Path):
    """An app on ``url`` with empty tables."""
    from facilitator import create_app
    from facilitator.config import TestConfig
    from facilitator.extensions import db

    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app(config | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(folder)})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def database_figures(app) -> None:
    """Committed updates per second through append_update, one process, one group."""
    from facilitator.extensions import db
    from facilitator.realtime import documents
    from facilitator.sessions.models import CreativeGroup
    from tests.realtime.replica import Replica, unb64
    from tests.realtime.seed import seed_workspace

    with app.app_context():
        group = db.session.get(CreativeGroup, seed_workspace().group_id)
        replica = Replica()
        updates = []
        for number in range(400):
            replica.type("idea", f"{number} ")
            updates.append(unb64(replica.take()))
        author = live_document.Author("participant", 1)
        start = time.perf_counter()
        for update in updates:
            documents.append_update(group, update, author)
        elapsed = time.perf_counter() - start
        print(
            f"database {db.engine.dialect.name}: {len(updates) / elapsed:.0f} committed "
            f"updates/s ({elapsed / len(updates) * 1000:.1f} ms each, compaction every "
            f"{app.config['REALTIME_COMPACT_EVERY']})"
        )
        db.session.remove()


def batch_figures(app, groups: int = 20, per_batch: int = 5, batches: int = 600) -> None:
    """CPU of the editing path's group commit: batches of updates by members of several groups."""
    from facilitator.extensions import db
    from facilitator.realtime import documents
    from facilitator.realtime.pipeline import Pending, run_batch
    from facilitator.sessions.models import CreativeGroup, DesignSession, Participant
    from tests.realtime.replica import Replica, unb64
    from tests.realtime.seed import seed_workspace

    with app.app_context():
        seeded = seed_workspace(members=groups)
        session = db.session.get(DesignSession, seeded.session_id)
        for number in range(2, groups + 1):
            session.groups.append(CreativeGroup(name=f"Группа {number}", position=number))
        db.session.commit()
        for (person_id, _device), group in zip(seeded.members, session.groups, strict=True):
            db.session.get(Participant, person_id).group_id = group.id
            documents.read_for_join(group, None)
        db.session.commit()
        members = {
            group.id: person_id
            for (person_id, _), group in zip(seeded.members, session.groups, strict=True)
        }
        replicas = {group_id: Replica() for group_id in members}
        chooser = random.Random(1)
        planned = []
        for number in range(batches):
            chosen = chooser.sample(sorted(members), per_batch)
            for group_id in chosen:
                replicas[group_id].type("idea", f"{number} слово ")
            planned.append([(group_id, unb64(replicas[group_id].take())) for group_id in chosen])
        cpu = []
        for number, plan in enumerate(planned):
            batch = [
                Pending(
                    group_id, data, live_document.Author("participant", members[group_id]), None
                )
                for group_id, data in plan
            ]
            start = time.process_time()
            run_batch(batch)
            if number >= batches // 6:  # the first ones warm the caches
                cpu.append(time.process_time() - start)
            assert all(item.result is not None for item in batch)
        print(
            f"batches on {db.engine.dialect.name}: {per_batch} updates to {per_batch} groups "
            f"each, {statistics.mean(cpu) * 1000:.2f} ms of CPU per batch "
            f"({statistics.mean(cpu) / per_batch * 1000:.2f} ms per update)"
        )
        db.session.remove()


def main() -> None:
    """Print the figures."""
    engine_figures()
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{folder}/bench.db"
        app = bench_app(url, Path(folder))
        database_figures(app)
        batch_figures(bench_app(url, Path(folder)))
        with app.app_context():
            from facilitator.extensions import db

            db.drop_all()
            db.engine.dispose()


if __name__ == "__main__":
    main()
