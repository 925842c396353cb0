"""Every door route × who may not use it: anonymous visitors, participants, other moderators."""

from __future__ import annotations

import pytest

from facilitator.door import invitations
from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup, Participant

# (method, URL pattern); {s} session, {p} participant, {u} upload id
ROUTES = [
    ("GET", "/sessions/{s}/door/import"),
    ("POST", "/sessions/{s}/door/import"),
    ("GET", "/sessions/{s}/door/import/{u}"),
    ("POST", "/sessions/{s}/door/import/{u}"),
    ("POST", "/sessions/{s}/door/spread"),
    ("GET", "/sessions/{s}/door/invitations"),
    ("GET", "/sessions/{s}/door/invitations/{p}"),
    ("GET", "/sessions/{s}/door/invitations/{p}/qr.svg"),
    ("GET", "/sessions/{s}/door/invitations.pdf"),
    ("POST", "/sessions/{s}/door/invitations/{p}/reissue"),
    ("POST", "/sessions/{s}/door/invitations/{p}/revoke"),
    ("POST", "/sessions/{s}/door/invitations/{p}/reset-device"),
    ("POST", "/sessions/{s}/door/invitations/mail"),
    ("GET", "/sessions/{s}/door/invitations/mail/progress"),
    ("GET", "/sessions/{s}/door/checkin"),
    ("GET", "/sessions/{s}/door/checkin/search"),
    ("POST", "/sessions/{s}/door/checkin/{p}"),
    ("POST", "/sessions/{s}/door/checkin/link"),
    ("POST", "/sessions/{s}/door/checkin/walk-in"),
    ("POST", "/sessions/{s}/door/participants/{p}/arrival"),
]
DATA = {
    "action": "present",
    "full_name": "Взлом",
    "link": "",
    "consent": "1",
    "column-0": "full_name",
}


@pytest.fixture
def foreign(make_moderator, make_session, make_participant):
    """Another moderator's session with a pre-registered person bound to a phone."""
    session = make_session(owner=make_moderator(), groups=2)
    person = make_participant(
        session,
        device_id="phone-of-the-participant-0001",
        source="import",
        invite_token=invitations.new_token(),
    )
    make_participant(session, device_id=None, organisation="Школа", source="import")
    token = person.invite_token
    ids = {"s": session.id, "p": person.id, "u": "A" * 22}
    return session, person, token, ids


def snapshot(session) -> list:
    db.session.expire_all()
    people = db.session.scalars(db.select(Participant).filter_by(session_id=session.id)).all()
    groups = db.session.scalars(db.select(CreativeGroup).filter_by(session_id=session.id)).all()
    return [
        (p.id, p.full_name, p.group_id, p.invite_token, p.device_id, p.arrived_at, p.left_at)
        for p in people
    ] + [(g.id, g.name) for g in groups]


def test_the_list_covers_every_door_route(app):
    names = {"s": "<int:session_id>", "p": "<int:participant_id>", "u": "<upload_id>"}
    expected = {(m, p) for m, p in ((m, p.format(**names)) for m, p in ROUTES)}
    rules = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("door_") and rule.endpoint != "door_personal.open_invitation"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert rules == expected


@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_an_anonymous_visitor_is_sent_to_the_login(client, foreign, method, pattern):
    session, _person, _token, ids = foreign
    before = snapshot(session)
    response = client.open(pattern.format(**ids), method=method, data=DATA)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert snapshot(session) == before


@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_a_participant_on_their_phone_is_sent_to_the_login(client, app, foreign, method, pattern):
    session, _person, _token, ids = foreign
    client.set_cookie(app.config["DEVICE_COOKIE_NAME"], "phone-of-the-participant-0001")
    assert client.get(f"/s/{session.join_code}/").status_code == 200  # they are the participant
    before = snapshot(session)
    response = client.open(pattern.format(**ids), method=method, data=DATA)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert snapshot(session) == before


@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_a_moderator_of_another_session_gets_404_and_changes_nothing(
    moderator_client, foreign, method, pattern
):
    session, _person, _token, ids = foreign
    before = snapshot(session)
    response = moderator_client.open(pattern.format(**ids), method=method, data=DATA)
    assert response.status_code == 404
    assert snapshot(session) == before


@pytest.mark.parametrize(("method", "pattern"), [r for r in ROUTES if "{p}" in r[1]])
def test_a_person_of_another_session_is_404_even_through_my_own_session(
    moderator_client, make_session, foreign, method, pattern
):
    session, _person, _token, ids = foreign
    mine = make_session()
    before = snapshot(session)
    response = moderator_client.open(
        pattern.format(**(ids | {"s": mine.id})), method=method, data=DATA
    )
    assert response.status_code == 404
    assert snapshot(session) == before


def test_a_moderator_cannot_check_in_another_sessions_guest_by_their_link(
    moderator_client, make_session, foreign
):
    session, _person, token, _ids = foreign
    mine = make_session()
    before = snapshot(session)
    response = moderator_client.post(
        f"/sessions/{mine.id}/door/checkin/link", data={"link": f"/i/{token}"}
    )
    assert response.status_code == 302
    assert snapshot(session) == before
