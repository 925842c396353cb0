"""Time the door's documents for a session of 150 attending people: sheet, workbook, certificates.

Run from the repository root: ``python bench/certificates_bench.py [--people 150]``. Prints the
seconds each file took and its size; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator import create_app
from facilitator.accounts.models import Moderator
from facilitator.attendance import files
from facilitator.certificates import issue
from facilitator.extensions import db
from facilitator.sessions.codes import new_join_code, new_projector_token
from facilitator.sessions.models import DesignSession, Participant

PREFIX = "https://facilitator.example.org/c/"


def main() -> None:
    """Seed a session, then build and time each file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=150)
    people = parser.parse_args().people
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "SECRET_KEY": "bench",
            "ASYNC_MODE": "threading",
            "INSTANCE_PATH": str(folder / "instance"),
        }
    )
    with app.app_context():
        db.create_all()
        owner = Moderator(email="bench@example.org", full_name="Bench")
        owner.set_password("bench-password")
        session = DesignSession(
            title="Модели взаимодействия школы с социальными партнёрами",
            date=dt.date(2023, 3, 27),
            starts_at=dt.time(11),
            ends_at=dt.time(14),
            owner=owner,
            join_code=new_join_code(),
            projector_token=new_projector_token(),
        )
        for number in range(people):
            session.participants.append(
                Participant(
                    full_name=f"Участникова Мария Петровна {number}",
                    organisation="ГБОУ СОШ № 496 Московского района",
                    position="учитель",
                    city="Санкт-Петербург",
                    device_id=f"device-{number}",
                    arrived_at=dt.datetime(2023, 3, 27, 8, number % 60, tzinfo=dt.UTC),
                )
            )
        db.session.add(session)
        db.session.commit()
        timed("issue certificates", lambda: issue.issue(session) and b"")
        for key in files.FILES:
            timed(files.file_name(session, key), lambda key=key: files.build(session.id, key))
        timed("certificates, one PDF", lambda: issue.build_combined(session.id, PREFIX))
        timed("certificates, zip of one each", lambda: issue.build_zip(session.id, PREFIX))


def timed(label: str, work) -> None:
    """Print how long the work took and how many bytes it made."""
    start = time.perf_counter()
    data = work()
    print(f"{label:40} {time.perf_counter() - start:6.2f} s  {len(data or b''):>10,} bytes")


if __name__ == "__main__":
    main()
