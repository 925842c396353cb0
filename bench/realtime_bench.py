"""Print how fast the co-editing server validates and commits updates.

Usage: python bench/realtime_bench.py [DATABASE_URL]   (SQLite in a temp folder by default)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from pycrdt import Doc, Text

from facilitator.realtime.engine import ModelDocument, Section

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


def database_figures(url: str, folder: Path) -> None:
    """Committed updates per second through append_update, one process, one group."""
    from facilitator import create_app
    from facilitator.config import TestConfig
    from facilitator.extensions import db
    from facilitator.realtime import documents
    from facilitator.sessions.models import CreativeGroup
    from tests.realtime.replica import Replica, unb64
    from tests.realtime.seed import seed_workspace

    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app(config | {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(folder)})
    with app.app_context():
        db.drop_all()
        db.create_all()
        group = db.session.get(CreativeGroup, seed_workspace().group_id)
        replica = Replica()
        updates = []
        for number in range(400):
            replica.type("idea", f"{number} ")
            updates.append(unb64(replica.take()))
        author = documents.Author("participant", 1)
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
        db.drop_all()
        db.engine.dispose()


def main() -> None:
    """Print the figures."""
    engine_figures()
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{folder}/bench.db"
        database_figures(url, Path(folder))


if __name__ == "__main__":
    main()
