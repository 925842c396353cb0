"""Print the server's CPU per one-cell edit as a model's table grows, and a soak's memory.

Usage: python bench/table_bench.py [DATABASE_URL] [--soak SECONDS]
(SQLite in a temp folder by default; a PostgreSQL URL names a database of its own: it is emptied.)

Each figure is one member's one-character edit in one cell, through the editing path's group
commit (`pipeline.run_batch`: lock, validate, broadcast, snapshot, progress, write, commit), into
a model whose first table section holds 0, 250, 1,000 or 2,000 rows of filled cells. CPU is this
process's (`time.process_time`); on PostgreSQL the database backend's CPU is printed too.

The soak then types into a fixed set of cells for a while, replacing what it typed so the
document barely grows, and prints the traced Python memory (after a collection) and the resident
size against the document's encoded size: memory that follows the document is growth, memory
that rises while the document does not is a leak.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROWS = (0, 250, 1000, 2000)
EDITS = 120


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


def backend_cpu() -> float | None:
    """CPU seconds of this session's PostgreSQL backend (same machine), or None."""
    from facilitator.extensions import db

    if db.engine.dialect.name != "postgresql":
        return None
    pid = db.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Model:
    """A member's replica of a seeded group's model, and the way to commit its edits."""

    def __init__(self, rows: int) -> None:
        from facilitator.extensions import db
        from facilitator.realtime import documents, live_document
        from facilitator.sessions.models import CreativeGroup
        from tests.realtime.replica import Replica
        from tests.realtime.seed import seed_workspace

        #: A file the soak records every sent update in (None: not recording)
        self.sent = None
        seeded = seed_workspace(members=1)
        self.group = db.session.get(CreativeGroup, seeded.group_id)
        self.author = live_document.Author("participant", seeded.members[0][0])
        sections = documents.template_sections(self.group)
        table = next(section for section in sections if section.kind == "table")
        self.table, self.columns = table.key, list(table.columns)
        documents.read_for_join(self.group, None)
        self.replica = Replica()
        for start in range(0, rows, 250):
            for number in range(start, min(rows, start + 250)):
                values = {column: f"Строка {number}: {column}" for column in self.columns}
                self.replica.add_row(self.table, self.columns, values)
            self.commit()
        self.cell = None
        if rows:
            middle = self.replica.table(self.table)[rows // 2]
            self.cell = middle[self.columns[0]]

    def commit(self) -> None:
        """Send the replica's pending edits through one batch of the editing path."""
        from facilitator.realtime.pipeline import Pending, run_batch
        from tests.realtime.replica import unb64

        update = self.replica.take()
        if update is None:
            return
        if self.sent is not None:
            data = unb64(update)
            self.sent.write(struct.pack(">I", len(data)) + data)
        item = Pending(self.group.id, unb64(update), self.author, None)
        run_batch([item])
        assert item.result is not None and item.refusal is None, item.refusal

    def edit(self, number: int) -> None:
        """One character typed into one cell (a text section while the table is empty)."""
        if self.cell is None:
            self.replica.type(self._first_text(), "ж")
        else:
            self.cell.insert(len(self.cell), "ж")

    def _first_text(self) -> str:
        from facilitator.realtime import documents

        return next(s.key for s in documents.template_sections(self.group) if s.kind == "text")


def edit_figures(app) -> None:
    """CPU per one-cell edit at each table size."""
    from facilitator.extensions import db
    from facilitator.realtime import live_document

    print(f"one-cell edits on {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, {EDITS} each")
    for rows in ROWS:
        with app.app_context():
            model = Model(rows)
            live_document.cache().forget()  # start from the database, as after a restart
            for number in range(10):  # warm the cache and the statements
                model.edit(number)
                model.commit()
            cpu, database = [], []
            for number in range(EDITS):
                model.edit(number)
                before_db = backend_cpu()
                start = time.process_time()
                model.commit()
                cpu.append(time.process_time() - start)
                after_db = backend_cpu()
                if before_db is not None and after_db is not None:
                    database.append(after_db - before_db)
            size = len(model.replica.doc.get_update())
            line = (
                f"  {rows:>5} rows ({size / 1024:7.0f} KiB): server CPU per edit "
                f"{statistics.mean(cpu) * 1000:6.2f} ms "
                f"(median {statistics.median(cpu) * 1000:.2f}, max {max(cpu) * 1000:.1f})"
            )
            if database:
                line += f"; database backend {statistics.mean(database) * 1000:.2f} ms"
            print(line, flush=True)
            db.session.remove()


def rss_kib() -> int:
    """Resident memory of this process, KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


_REPLAY = """
import struct
import sys
from pathlib import Path
from pycrdt import Doc

def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

data = Path(sys.argv[1]).read_bytes()
size = struct.unpack_from(">I", data)[0]
state, rest = data[4 : 4 + size], data[4 + size :]
docs = [Doc(), Doc()]
for doc in docs:
    doc.apply_update(state)
before = rss()
while rest:
    size = struct.unpack_from(">I", rest)[0]
    update, rest = rest[4 : 4 + size], rest[4 + size :]
    for doc in docs:
        doc.apply_update(update)
print(rss() - before)
"""


def replay_growth(path: Path) -> float:
    """Resident MiB two bare pycrdt documents grow by when they take the same updates."""
    found = subprocess.run(
        [sys.executable, "-c", _REPLAY, str(path)], capture_output=True, check=True
    )
    return float(found.stdout) / 1024


def soak(app, seconds: float, rows: int = 250) -> None:
    """Edit a fixed set of cells for ``seconds``; print memory against the document's size."""
    from facilitator.extensions import db
    from facilitator.realtime import live_document

    print(f"soak: {seconds:.0f} s of edits into 20 cells of a {rows}-row table, replacing text")
    with app.app_context():
        model = Model(rows)
        table = model.replica.table(model.table)
        cells = [table[i * (rows // 20)][model.columns[1]] for i in range(20)]
        recorded = Path(tempfile.mkdtemp()) / "updates.bin"
        log = recorded.open("wb")
        state = model.replica.doc.get_update()
        log.write(struct.pack(">I", len(state)) + state)
        model.sent = log
        tracemalloc.start()
        start = time.monotonic()
        next_report = 0.0
        number = 0
        samples = []
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= next_report:
                gc.collect()
                traced, _peak = tracemalloc.get_traced_memory()
                live = live_document.cache().live(model.group.id)
                size = len(live.document.encode_state())
                samples.append((elapsed, number, traced, rss_kib(), size))
                print(
                    f"  {elapsed:6.0f} s  {number:6d} edits  traced {traced / 1024:8.0f} KiB  "
                    f"resident {rss_kib() / 1024:6.1f} MiB  document {size / 1024:6.1f} KiB",
                    flush=True,
                )
                next_report += seconds / 10
                if elapsed >= seconds:
                    break
            cell = cells[number % len(cells)]
            # Replace the cell's last word: the text stays the same length.
            if len(cell) > 40:
                del cell[len(cell) - 8 : len(cell)]
            cell.insert(len(cell), f" {number % 1000:06d}")
            model.commit()
            number += 1
        tracemalloc.stop()
        # The first tenth fills caches and the statement cache; compare the halves after it.
        first, middle, last = samples[1], samples[len(samples) // 2], samples[-1]
        for label, a, b in (("first half", first, middle), ("second half", middle, last)):
            edits = max(1, b[1] - a[1])
            print(
                f"  {label}: per edit traced {(b[2] - a[2]) / edits:+.1f} B, "
                f"resident {(b[3] - a[3]) * 1024 / edits:+.1f} B, "
                f"document {(b[4] - a[4]) / edits:+.1f} B ({edits} edits)"
            )
        log.close()
        grown = (samples[-1][3] - samples[0][3]) / 1024
        documents_share = replay_growth(recorded)
        print(
            f"  the same updates make two bare pycrdt documents (the server's cache and the "
            f"member's replica, both in this process) grow by {documents_share:+.2f} MiB in a "
            f"fresh process; this process grew {grown:+.2f} MiB: "
            f"{grown - documents_share:+.2f} MiB besides the documents"
        )
        db.session.remove()


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="database URL (default: SQLite in a temp folder)")
    parser.add_argument("--soak", type=float, default=60.0, help="soak seconds (0: no soak)")
    parser.add_argument("--no-edits", action="store_true", help="only the soak")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{folder}/bench.db"
        if not args.no_edits:
            edit_figures(bench_app(url, Path(folder)))
        if args.soak > 0:
            soak(bench_app(url, Path(folder)), args.soak)


if __name__ == "__main__":
    main()
