"""Hours of participation: clipped to the session's window, half hours, the server's zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from facilitator.attendance.hours import presence, round_hours, session_window
from facilitator.sessions.models import AgendaItem, DesignSession, Participant
from facilitator.sessions.phases import AgendaKind

MSK = ZoneInfo("Europe/Moscow")


def session(ends_at: dt.time | None = dt.time(14, 0), agenda: bool = False) -> DesignSession:
    found = DesignSession(
        title="Т", date=dt.date(2023, 3, 27), starts_at=dt.time(11, 0), ends_at=ends_at
    )
    if agenda:
        found.agenda = [
            AgendaItem(
                starts_at=dt.time(11, 0), duration_minutes=90, kind=AgendaKind.talk, title="А"
            ),
            AgendaItem(
                starts_at=dt.time(12, 30), duration_minutes=60, kind=AgendaKind.talk, title="Б"
            ),
        ]
    return found


def at(hour: int, minute: int = 0, day: int = 27, zone: dt.tzinfo = MSK) -> dt.datetime:
    return dt.datetime(2023, 3, day, hour, minute, tzinfo=zone)


def person(source: str = "join", joined=None, arrived=None, left=None) -> Participant:
    return Participant(
        full_name="Иванова Мария Петровна",
        source=source,
        joined_at=joined or at(10, 50),
        arrived_at=arrived,
        left_at=left,
    )


def hours(participant: Participant, found: DesignSession | None = None, zone=MSK):
    result = presence(participant, session_window(found or session(), zone))
    return None if result is None else result.hours


def test_someone_there_the_whole_time_gets_the_session_length():
    assert hours(person(arrived=at(11, 0))) == Decimal("3.0")


def test_arriving_before_the_start_counts_from_the_start():
    assert hours(person(arrived=at(9, 15))) == Decimal("3.0")


def test_arriving_late_counts_from_the_arrival_rounded_to_half_hours():
    assert hours(person(arrived=at(12, 10))) == Decimal("2.0")  # 1 h 50 min
    assert hours(person(arrived=at(12, 20))) == Decimal("1.5")  # 1 h 40 min


def test_leaving_early_counts_until_the_departure():
    assert hours(person(arrived=at(10, 30), left=at(13, 0))) == Decimal("2.0")


def test_leaving_after_the_end_counts_until_the_end():
    assert hours(person(arrived=at(11, 0), left=at(16, 0))) == Decimal("3.0")


def test_a_departure_before_the_arrival_gives_no_hours():
    assert hours(person(arrived=at(12, 0), left=at(11, 30))) == Decimal("0")


def test_half_hours_round_half_up():
    assert round_hours(dt.timedelta(hours=2, minutes=45)) == Decimal("3.0")
    assert round_hours(dt.timedelta(hours=2, minutes=44)) == Decimal("2.5")
    assert round_hours(dt.timedelta(minutes=14)) == Decimal("0")
    assert round_hours(dt.timedelta(minutes=15)) == Decimal("0.5")


def test_without_an_end_time_the_agenda_ends_the_session():
    assert hours(person(arrived=at(11, 0)), session(ends_at=None, agenda=True)) == Decimal("2.5")


def test_without_an_end_time_or_agenda_only_a_recorded_departure_gives_hours():
    no_end = session(ends_at=None)
    assert hours(person(arrived=at(11, 0)), no_end) is None
    assert hours(person(arrived=at(11, 0), left=at(12, 30)), no_end) == Decimal("1.5")


def test_times_stored_in_utc_are_read_in_the_servers_zone():
    utc_eight = dt.datetime(2023, 3, 27, 8, 0, tzinfo=dt.UTC)  # 11:00 in Moscow
    assert hours(person(arrived=utc_eight)) == Decimal("3.0")
    # In Yekaterinburg (UTC+5) the session starts at 11:00 local = 06:00 UTC; 08:00 UTC is 13:00.
    assert hours(person(arrived=utc_eight), zone=ZoneInfo("Asia/Yekaterinburg")) == Decimal("1.0")


def test_a_time_without_a_zone_is_utc_as_sqlite_returns_it():
    naive = dt.datetime(2023, 3, 27, 9, 0)  # 12:00 in Moscow
    assert hours(person(arrived=naive)) == Decimal("2.0")


def test_who_typed_the_code_attends_from_joining_without_a_check_in():
    assert hours(person(source="join", joined=at(11, 30))) == Decimal("2.5")
    assert hours(person(source="walk_in", joined=at(12, 0))) == Decimal("2.0")


def test_a_pre_registered_person_who_never_checked_in_did_not_attend():
    assert hours(person(source="import", joined=at(9, 0, day=20))) is None
    assert hours(person(source="import", joined=at(9, 0, day=20), arrived=at(11, 5))) == Decimal(
        "3.0"
    )


def test_joining_after_the_session_ended_is_not_attending():
    assert hours(person(source="join", joined=at(15, 0))) is None


@pytest.mark.parametrize("end", [dt.time(1, 0)])
def test_a_session_past_midnight_ends_the_next_day(end):
    window = session_window(session(ends_at=end), MSK)
    assert window.end == at(1, 0, day=28)
