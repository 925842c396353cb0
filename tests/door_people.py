"""A session at the door for the attendance and certificates tests: who came, who did not."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from facilitator.extensions import db
from facilitator.sessions.models import DesignSession, Participant, SessionLogo
from tests.materials.samples import png_logo

MSK = ZoneInfo("Europe/Moscow")
SCRIPT_NAME = "<script>alert(1)</script> {{7*7}} {name}"


def at(hour: int, minute: int = 0) -> dt.datetime:
    """A time on the session's day in Moscow, in UTC as the database keeps times."""
    return dt.datetime(2023, 3, 27, hour, minute, tzinfo=MSK).astimezone(dt.UTC)


@dataclass
class Door:
    """The session and its people by role."""

    session: DesignSession
    attended: list[Participant]
    absent: list[Participant]


def door_session(make_session, make_participant) -> Door:
    """A closed session 11.00–14.00 with four people who came and two who did not."""
    session = make_session(
        phase="closed",
        venue="ул. Победы, д. 4, актовый зал",
        host_organisation="ГБОУ СОШ № 496",
        moderators_note="Неверова В. В., председатель комитета",
    )
    for colour in ("#1f5fbf", "#c0392b"):
        logo = png_logo(colour)
        session.logos.append(
            SessionLogo(
                filename="l.png",
                mimetype=logo.mimetype,
                width=logo.width,
                height=logo.height,
                data=logo.data,
            )
        )
    db.session.commit()
    came = [
        make_participant(
            session,
            full_name="Яковлева Анна Сергеевна",
            email="anna@example.org",
            organisation="ГБОУ Лицей № 1",
            arrived_at=at(10, 45),
        ),
        make_participant(
            session,
            full_name="Абрамов Пётр Ильич",
            source="import",
            email="petr@example.org",
            organisation="ИМЦ Московского района",
            phone="+7 900 000-00-00",
            device_id=None,
            arrived_at=at(12, 10),
            left_at=at(13, 30),
        ),
        make_participant(
            session,
            full_name="Ёлкина Ольга Викторовна",
            source="walk_in",
            organisation="ГБДОУ № 7",
            joined_at=at(11, 30),
        ),
        make_participant(
            session,
            full_name=SCRIPT_NAME,
            organisation='=HYPERLINK("http://evil")',
            email="script@example.org",
            arrived_at=at(11, 0),
        ),
    ]
    absent = [
        make_participant(
            session,
            full_name="Непришедшая Вера Павловна",
            source="import",
            device_id=None,
            email="vera@example.org",
        ),
        make_participant(session, full_name="Опоздавший Иван Иванович", joined_at=at(15, 0)),
    ]
    return Door(session, came, absent)


@pytest.fixture
def door(make_session, make_participant) -> Door:
    """The door session (see door_session)."""
    return door_session(make_session, make_participant)


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text through poppler's pdftotext; skips where poppler is missing."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout.replace("\u00a0", " ")
