"""Check-in at the door through its endpoints: search, one tap, personal links, walk-ins."""

from __future__ import annotations

import random
import re

import pytest

from facilitator.door import checkin
from facilitator.extensions import db
from facilitator.live import broadcast
from tests.door.conftest import import_file, people
from tests.form_errors import invalid_ids, loads_focus_script

JSON = {"Accept": "application/json"}


@pytest.fixture
def door(moderator_client, session):
    """The check-in page's base address, the moderator logged in."""
    return f"/sessions/{session.id}/door/checkin"


def search(client, door, query):
    response = client.get(f"{door}/search", query_string={"q": query}, headers=JSON)
    assert response.status_code == 200
    return [p["full_name"] for p in response.get_json()["people"]]


def test_search_ignores_case_and_yo_and_matches_name_or_organisation(
    moderator_client, door, session, make_participant
):
    make_participant(session, full_name="Щукина Алёна Петровна", organisation="ГБОУ СОШ № 496")
    make_participant(session, full_name="Орлов Пётр", organisation="Лицей № 1")

    assert search(moderator_client, door, "алена") == ["Щукина Алёна Петровна"]
    assert search(moderator_client, door, "ЩУКИНА") == ["Щукина Алёна Петровна"]
    assert search(moderator_client, door, "петр") == ["Орлов Пётр", "Щукина Алёна Петровна"]
    assert search(moderator_client, door, "лицей") == ["Орлов Пётр"]
    assert search(moderator_client, door, "496 щук") == ["Щукина Алёна Петровна"]
    assert search(moderator_client, door, "  ") == []
    assert search(moderator_client, door, "Смирнов") == []


def test_checking_in_twice_is_harmless_and_says_when_it_was(
    moderator_client, door, session, make_participant
):
    person = make_participant(session, full_name="Иванова Мария", device_id=None, source="import")
    first = moderator_client.post(f"{door}/{person.id}", headers=JSON).get_json()
    db.session.refresh(person)
    arrived = person.arrived_at

    second = moderator_client.post(f"{door}/{person.id}", headers=JSON).get_json()

    assert first["ok"] and not first["already"]
    assert second["already"]
    time = checkin.local_time(arrived)
    assert re.fullmatch(r"\d\d:\d\d", time)
    assert second["message"] == f"Иванова Мария: already checked in at {time}."
    db.session.refresh(person)
    assert person.arrived_at == arrived
    assert second["counts"] == {"total": 1, "arrived": 1}


def test_150_check_ins_by_search_and_by_personal_link_leave_exactly_150_arrived(
    moderator_client, door, session
):
    import_file(moderator_client, session)
    everyone = people(session)
    chosen = random.Random(20).sample(everyone, 150)
    for index, person in enumerate(chosen):
        if index % 2:
            found = moderator_client.get(
                f"{door}/search", query_string={"q": person.full_name.upper()}, headers=JSON
            ).get_json()["people"]
            target = next(p for p in found if p["full_name"] == person.full_name)
            answer = moderator_client.post(f"{door}/{target['id']}", headers=JSON)
        else:
            link = f"http://192.168.1.23:5000/i/{person.invite_token}"
            answer = moderator_client.post(f"{door}/link", data={"link": link}, headers=JSON)
        assert answer.status_code == 200 and answer.get_json()["ok"]
    # a few scanned twice at the door
    for person in chosen[:10:2]:
        again = moderator_client.post(
            f"{door}/link", data={"link": person.invite_token}, headers=JSON
        )
        assert again.get_json()["already"]

    arrived = {p.id for p in people(session) if p.arrived_at is not None}
    assert arrived == {p.id for p in chosen}
    assert checkin.counts(session) == {"total": 195, "arrived": 150}


def test_a_link_of_another_session_or_an_invented_one_checks_nobody_in(
    moderator_client, door, make_session, make_participant
):
    other = make_session()
    stranger = make_participant(other, device_id=None, invite_token="B" * 32)
    for link in (f"/i/{stranger.invite_token}", "A" * 32, "hello"):
        answer = moderator_client.post(f"{door}/link", data={"link": link}, headers=JSON)
        assert answer.status_code == 404
        assert "not a valid personal link" in answer.get_json()["message"]
    db.session.refresh(stranger)
    assert stranger.arrived_at is None


def test_a_walk_in_is_registered_checked_in_and_given_a_personal_code(
    moderator_client, door, session
):
    response = moderator_client.post(
        f"{door}/walk-in",
        data={
            "full_name": "Смирнов Олег",
            "organisation": "ДДТ",
            "position": "педагог",
            "city": "Пушкин",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Смирнов Олег is registered and checked in" in page
    [walk_in] = people(session)
    assert walk_in.source == "walk_in" and walk_in.arrived_at is not None
    assert walk_in.device_id is None and walk_in.invite_token
    assert f"/door/invitations/{walk_in.id}/qr.svg" in page

    again = moderator_client.post(
        f"{door}/walk-in", data={"full_name": "смирнов  олег", "organisation": "ДДТ"}
    )
    assert again.status_code == 409
    assert "already on the list" in again.get_data(as_text=True)
    assert len(people(session)) == 1


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"full_name": ""}, 422, "Enter the full name."),
        ({"full_name": "x" * 201}, 422, "At most 200 characters"),
        # Control characters are refused at the edge for every form, before the door sees them.
        ({"full_name": "Иванова\x07Мария"}, 400, "control characters"),
    ],
)
def test_a_walk_in_form_with_errors_saves_nothing_and_says_why(
    moderator_client, door, session, data, status, message
):
    response = moderator_client.post(f"{door}/walk-in", data=data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert people(session) == []


def test_a_refused_walk_in_brings_the_volunteer_back_to_its_form_not_to_the_search(
    moderator_client, door, session
):
    fresh = moderator_client.get(door).get_data(as_text=True)
    assert re.search(r'<input type="search" id="door-search"[^>]* autofocus', fresh)

    page = moderator_client.post(f"{door}/walk-in", data={"full_name": ""}).get_data(as_text=True)
    assert not re.search(r'<input type="search" id="door-search"[^>]* autofocus', page)
    # The page's first invalid field, which the shared focus script brings the volunteer to.
    assert invalid_ids(page)[0] == "full_name"
    assert loads_focus_script(page)


def test_the_roster_marks_present_records_a_departure_and_undoes_a_check_in(
    moderator_client, session, make_participant
):
    person = make_participant(session, full_name="Иванова Мария", device_id=None)
    url = f"/sessions/{session.id}/door/participants/{person.id}/arrival"

    roster = moderator_client.get(f"/sessions/{session.id}/participants").get_data(as_text=True)
    assert "Mark present" in roster and "Import registrations" in roster

    moderator_client.post(url, data={"action": "left"})
    db.session.refresh(person)
    assert person.left_at is None  # not arrived: nothing to leave
    moderator_client.post(url, data={"action": "present"})
    moderator_client.post(url, data={"action": "left"})
    db.session.refresh(person)
    assert person.arrived_at is not None and person.left_at is not None
    roster = moderator_client.get(f"/sessions/{session.id}/participants").get_data(as_text=True)
    assert "arrived " in roster and "left " in roster
    assert "Undo the check-in of Иванова Мария?" in roster  # asked before undoing

    moderator_client.post(url, data={"action": "undo"})
    db.session.refresh(person)
    assert person.arrived_at is None and person.left_at is None
    assert moderator_client.post(url, data={"action": "explode"}).status_code == 400


def test_the_check_in_page_carries_its_settings_and_no_inline_script(moderator_client, door):
    page = moderator_client.get(door).get_data(as_text=True)
    assert 'id="door-config"' in page and "vendor/door.bundle.js" in page
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert all('type="application/json"' in attributes for attributes in scripts)


def test_each_check_in_is_pushed_to_the_sessions_moderators_on_live(
    moderator_client, door, session, make_participant, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        broadcast,
        "notify_session",
        lambda session_id, event, payload, moderators_only=False: sent.append(
            (session_id, event, payload, moderators_only)
        ),
    )
    person = make_participant(session, full_name="Иванова Мария", device_id=None)
    moderator_client.post(f"{door}/{person.id}", headers=JSON)
    moderator_client.post(f"{door}/{person.id}", headers=JSON)  # no second push

    [(session_id, event, payload, moderators_only)] = sent
    assert (session_id, event, moderators_only) == (session.id, "door", True)
    assert payload["participant"]["full_name"] == "Иванова Мария"
    assert payload["counts"] == {"total": 1, "arrived": 1}
