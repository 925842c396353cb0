"""Build every material for a large session and print the time and peak memory of each file.

tracemalloc sees Python's own allocations only: lxml (python-docx, openpyxl) and matplotlib keep
much of their data in C, so the process's peak resident size is printed at the end as well.

300 participants, 30 creative groups with full models (every section of the default template,
tables of several rows), 300 survey responses, a vote per participant and 90 comments. The data
is synthetic and made here; the files are built by the same builders the app uses.

    python bench/materials_bench.py
"""

from __future__ import annotations

import datetime as dt
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable

from facilitator import create_app
from facilitator.materials.bundle import FILES, build_file, zip_files
from facilitator.materials.records import (
    CHOICE,
    SCALE,
    TEXT,
    YES_NO,
    AgendaEntry,
    Column,
    Comment,
    GroupRecord,
    Member,
    ParticipantRecord,
    SectionContent,
    SessionFacts,
    SessionMaterials,
    SurveyQuestion,
    SurveyResponse,
    SurveyResults,
    Vote,
)
from facilitator.sessions.default_template import default_sections

PARTICIPANTS_COUNT, GROUPS_COUNT, RESPONSES_COUNT = 300, 30, 300
PARAGRAPH = (
    "Модель опирается на сетевое взаимодействие школы с социальными партнёрами района: "
    "предприятиями, колледжами и учреждениями дополнительного образования. "
)
PLACES = ["Казань", "Выборг", "Московский район", "Невский район", "Пушкинский район", "Томск"]


def synthetic_session() -> SessionMaterials:
    """A session of the stated size with plausible Russian text everywhere."""
    participants, groups = [], []
    per_group = PARTICIPANTS_COUNT // GROUPS_COUNT
    for g in range(GROUPS_COUNT):
        members = []
        for m in range(per_group):
            number = g * per_group + m
            record = ParticipantRecord(
                id=number + 1,
                full_name=f"Участникова Мария Ивановна {number + 1}",
                organisation=f"ГБОУ СОШ № {100 + number % 60}",
                position="учитель",
                city=PLACES[number % len(PLACES)],
                email=f"p{number}@example.org",
                group_id=g + 1,
                group_name=f"Группа {g + 1}",
                is_leader=m == 0,
                joined_at=dt.datetime(2023, 3, 27, 7, 50, tzinfo=dt.UTC),
            )
            participants.append(record)
            members.append(
                Member(
                    record.full_name,
                    record.position,
                    record.organisation,
                    record.city,
                    record.is_leader,
                )
            )
        sections = []
        for spec in default_sections("ru"):
            columns = tuple(Column(c["key"], c["title"]) for c in spec["columns"])
            if spec["kind"] == "table":
                rows = tuple(
                    {c.key: f"{c.title}: {PARAGRAPH[:80]}" for c in columns} for _ in range(6)
                )
                sections.append(
                    SectionContent(spec["key"], spec["title"], "table", columns, rows=rows)
                )
            else:
                text = (
                    f"Модель {g + 1}" if spec["key"] == "title" else "\n".join([PARAGRAPH * 3] * 3)
                )
                sections.append(
                    SectionContent(spec["key"], spec["title"], "text", columns, text=text)
                )
        groups.append(
            GroupRecord(
                g + 1,
                g,
                f"Группа {g + 1}",
                f"Модель {g + 1}",
                members=tuple(members),
                sections=tuple(sections),
            )
        )
    questions = (
        SurveyQuestion("useful", "Было ли мероприятие интересно и полезно?", YES_NO),
        SurveyQuestion("form", "Оцените форму проведения", SCALE),
        SurveyQuestion("practice", "Оцените практическую значимость", SCALE),
        SurveyQuestion("ideas", "Появились ли новые идеи?", YES_NO),
        SurveyQuestion("format", "Какой формат вам ближе?", CHOICE, options=("очный", "онлайн")),
        SurveyQuestion("wishes", "Ваши пожелания", TEXT),
    )
    responses = tuple(
        SurveyResponse(
            {
                "useful": "yes",
                "form": 5 - i % 3,
                "practice": 5 - i % 4,
                "ideas": "yes" if i % 2 else "no",
                "format": "очный" if i % 3 else "онлайн",
                "wishes": "Спасибо!" if i % 5 == 0 else "",
            },
            respondent=f"Участник {i + 1}",
            submitted_at=dt.datetime(2023, 3, 27, 10, 40, tzinfo=dt.UTC),
        )
        for i in range(RESPONSES_COUNT)
    )
    session = SessionFacts(
        id=1,
        title="Модели взаимодействия школы с социальными партнёрами",
        kind="design_session",
        theme="Профессиональное самоопределение учащихся",
        date=dt.date(2023, 3, 27),
        starts_at=dt.time(11, 0),
        venue="ул. Победы, д. 4",
        host_organisation="ГБОУ СОШ № 496 Московского района Санкт-Петербурга",
        framing_event="XIII Петербургский международный образовательный форум",
        contact_name="Кузьмин Дмитрий Александрович",
        contact_phone="241-37-98",
    )
    return SessionMaterials(
        session=session,
        agenda=(
            AgendaEntry(dt.time(11, 0), 20, "talk", "Доклад", "Кравцов Алексей Олегович", "к.п.н."),
        ),
        participants=tuple(participants),
        groups=tuple(groups),
        votes=tuple(
            Vote(group_id=1 + i % GROUPS_COUNT, voter=f"v{i}") for i in range(PARTICIPANTS_COUNT)
        ),
        comments=tuple(
            Comment(f"Вопрос {i}: {PARAGRAPH}", "Участник", 1 + i % GROUPS_COUNT)
            for i in range(3 * GROUPS_COUNT)
        ),
        survey=SurveyResults(questions, responses),
    )


def measure(label: str, build: Callable[[], bytes]) -> bytes:
    """Build once for the time, once under tracemalloc for the peak; print both."""
    started = time.perf_counter()
    data = build()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    build()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    megabytes, kilobytes = peak / 2**20, len(data) / 2**10
    print(f"{label:<18} {seconds:7.2f} s   peak {megabytes:7.1f} MiB   size {kilobytes:8.0f} KiB")
    return data


def main() -> None:
    """Build each file, then the zip, and the whole set in one go."""
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "INSTANCE_PATH": instance,
                "SECRET_KEY": "bench",
                "ASYNC_MODE": "threading",
            }
        )
        with app.test_request_context():
            materials = synthetic_session()
            print(
                f"{PARTICIPANTS_COUNT} participants, {GROUPS_COUNT} groups with full models, "
                f"{RESPONSES_COUNT} survey responses"
            )
            files = {}
            for file in FILES:
                files[file.filename(materials)] = measure(
                    file.key, lambda file=file: build_file(file, materials)
                )
            measure("zip of the above", lambda: zip_files(files))
            measure(
                "everything",
                lambda: zip_files({f.filename(materials): build_file(f, materials) for f in FILES}),
            )

    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"process peak resident size {peak_rss:.0f} MiB (interpreter, Flask and libraries included)"
    )


if __name__ == "__main__":
    main()
