"""How long the door's work takes for a large event: importing the registrations, searching
as a volunteer types, checking in, printing every invitation.

    python bench/door_bench.py                 # 600 registrations, SQLite in a temporary folder
    python bench/door_bench.py --people 2000 --database-url postgresql://…/bench

It writes a Google-Forms-like .xlsx of ``--people`` rows, then times, through the app's own
pages (Flask's test client, one process): the upload and preview, the import, ``--searches``
searches by a part of a name, ``--people`` check-ins by personal link, and the PDF of all
invitations. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    from facilitator.accounts.models import Moderator
    from facilitator.extensions import db
    from facilitator.sessions.codes import new_join_code, new_projector_token
    from facilitator.sessions.models import DesignSession, Participant
    from tests.conftest import build_app
    from tests.door import samples

    folder = Path(tempfile.mkdtemp(prefix="door-bench-"))
    app = build_app(args.database_url or f"sqlite:///{folder / 'bench.db'}", folder)
    with app.app_context():
        owner = Moderator(email="bench@example.org", full_name="Bench")
        owner.set_password("correct horse battery")
        session = DesignSession(
            title="Замер",
            date=dt.date(2023, 3, 27),
            starts_at=dt.time(11, 0),
            phase="lobby",
            owner=owner,
            join_code=new_join_code(),
            projector_token=new_projector_token(),
        )
        db.session.add(session)
        db.session.commit()
        sid = session.id
        client = app.test_client()
        client.post("/login", data={"email": owner.email, "password": "correct horse battery"})
        data = samples.xlsx([samples.person(n) for n in range(1, args.people + 1)])

        start = time.perf_counter()
        upload = client.post(
            f"/sessions/{sid}/door/import",
            data={"file": (io.BytesIO(data), "reg.xlsx")},
            content_type="multipart/form-data",
        )
        page = client.get(upload.headers["Location"])
        preview = time.perf_counter() - start
        start = time.perf_counter()
        client.post(
            upload.headers["Location"],
            data={"action": "import", "use_groups": "", "expected": str(args.people)},
        )
        imported = time.perf_counter() - start
        assert page.status_code == 200
        people = db.session.scalars(db.select(Participant).filter_by(session_id=sid)).all()

        searches = []
        for n in range(args.searches):
            query = people[n % len(people)].full_name.split()[0][:5].lower()
            start = time.perf_counter()
            client.get(f"/sessions/{sid}/door/checkin/search", query_string={"q": query})
            searches.append(time.perf_counter() - start)
        check_ins = []
        for person in people:
            start = time.perf_counter()
            client.post(
                f"/sessions/{sid}/door/checkin/link",
                data={"link": f"/i/{person.invite_token}"},
                headers={"Accept": "application/json"},
            )
            check_ins.append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf = client.get(f"/sessions/{sid}/door/invitations.pdf")
        printed = time.perf_counter() - start

    def ms(values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        return f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"

    print(f"{len(people)} people, {len(data) // 1024} KB .xlsx")
    print(f"upload and preview: {preview:.2f} s; import: {imported:.2f} s")
    print(f"search as you type: {ms(searches)}")
    print(f"check-in by personal link: {ms(check_ins)}")
    print(f"PDF of {len(people)} invitations: {printed:.2f} s, {len(pdf.data) // 1024} KB")


if __name__ == "__main__":
    main()
