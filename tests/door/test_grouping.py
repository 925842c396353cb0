"""Spreading colleagues across groups, and matching the file's group names to groups."""

from __future__ import annotations

from collections import Counter

from facilitator.door import grouping
from facilitator.door.names import organisation_key
from facilitator.extensions import db
from tests.door.conftest import people


def test_spreading_puts_colleagues_in_different_groups_and_keeps_capacity(
    make_session, make_participant
):
    session = make_session(groups=3, capacity=4)
    for index in range(6):
        make_participant(
            session, organisation="ГБОУ «СОШ № 496»", device_id=None, full_name=f"А {index}"
        )
    for index in range(3):
        make_participant(
            session, organisation="гбоу сош № 496 ", device_id=None, full_name=f"Б {index}"
        )
    for index in range(3):
        make_participant(session, organisation="Лицей № 1", device_id=None, full_name=f"В {index}")

    result = grouping.spread_by_organisation(session)

    assert result == grouping.Spread(placed=12, unplaced=0)
    by_group: dict[int, Counter] = {}
    for person in people(session):
        by_group.setdefault(person.group_id, Counter())[organisation_key(person.organisation)] += 1
    assert all(sum(c.values()) == 4 for c in by_group.values())
    # nine colleagues of one school over three groups: three in each, never more
    assert sorted(c["гбоу сош № 496"] for c in by_group.values()) == [3, 3, 3]
    assert sorted(c["лицей № 1"] for c in by_group.values()) == [1, 1, 1]


def test_spreading_counts_colleagues_already_placed_and_reports_who_found_no_place(
    make_session, make_participant
):
    session = make_session(groups=2, capacity=2)
    first = session.groups[0]
    make_participant(session, group=first, organisation="Школа 1")
    make_participant(session, organisation="Школа 1", device_id=None)
    make_participant(session, organisation="Школа 2", device_id=None)
    make_participant(session, organisation="Школа 3", device_id=None)

    result = grouping.spread_by_organisation(session)

    assert result == grouping.Spread(placed=3, unplaced=0)
    placed = {p.organisation: p.group_id for p in people(session) if p.group_id != first.id}
    assert placed["Школа 1"] == session.groups[1].id
    make_participant(session, organisation="Школа 4", device_id=None)
    assert grouping.spread_by_organisation(session) == grouping.Spread(placed=0, unplaced=1)


def test_a_file_names_groups_by_name_or_number_in_any_case(make_session):
    session = make_session(groups=3)
    groups = list(session.groups)
    assert grouping.match_group(groups, "группа 2") is groups[1]
    assert grouping.match_group(groups, "3") is groups[2]
    assert grouping.match_group(groups, "№ 1") is groups[0]
    assert grouping.match_group(groups, "Группа 7") is None
    assert grouping.match_group(groups, "Эксперты") is None


def test_the_spread_button_on_the_participants_page_places_people(
    moderator_client, make_session, make_participant
):
    session = make_session(groups=2)
    for _ in range(4):
        make_participant(session, organisation="Школа 5", device_id=None)
    response = moderator_client.post(f"/sessions/{session.id}/door/spread", follow_redirects=True)
    assert response.status_code == 200
    assert "4 participants placed" in response.get_data(as_text=True)
    counts = Counter(p.group_id for p in people(session))
    assert sorted(counts.values()) == [2, 2]


def test_the_rosters_move_form_places_an_imported_person_without_a_phone(
    moderator_client, make_session, make_participant
):
    session = make_session(groups=2)
    person = make_participant(session, device_id=None, consented_at=None, source="import")
    target = session.groups[1]
    response = moderator_client.post(
        f"/sessions/{session.id}/participants/{person.id}/move", data={"group": str(target.id)}
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.group_id == target.id
