"""Personal invitation links: taking one up on a phone, reissuing, revoking, printing, e-mailing."""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from facilitator.door import invitation_mail, invitations
from facilitator.extensions import db
from facilitator.joining.identity import sign_device_id
from facilitator.materials import mailing_jobs
from facilitator.materials.models import MailingState
from tests.materials.smtp import smtp_server  # noqa: F401  (a fixture)

DEVICE_COOKIE = "facilitator_device"


@pytest.fixture
def invited(session, make_participant):
    """A pre-registered person: a personal link, no phone, no consent yet."""
    return make_participant(
        session,
        full_name="Щукина Алёна Петровна",
        organisation="ГБОУ СОШ № 496",
        email="shchukina@example.org",
        device_id=None,
        consented_at=None,
        source="import",
        invite_token=invitations.new_token(),
    )


def device_of(client, app) -> str | None:
    """The device id the phone's cookie carries (the server signs it)."""
    cookie = client.get_cookie(app.config["DEVICE_COOKIE_NAME"])
    if cookie is None:
        return None
    value = cookie.value
    assert sign_device_id(value.rsplit(".", 1)[0]) == value
    return value.rsplit(".", 1)[0]


def test_opening_the_link_shows_who_it_is_for_and_binds_nothing_until_the_tap(client, invited):
    response = client.get(f"/i/{invited.invite_token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Щукина Алёна Петровна" in page
    assert "I consent: continue" in page
    db.session.refresh(invited)
    assert invited.device_id is None and invited.consented_at is None


def test_one_tap_makes_this_phone_the_participant_with_consent_and_opens_their_page(
    client, app, invited, session
):
    response = client.post(f"/i/{invited.invite_token}", data={"consent": "1"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{session.join_code}/")
    db.session.refresh(invited)
    assert invited.device_id == device_of(client, app)
    assert invited.consented_at is not None
    home = client.get(f"/s/{session.join_code}/")
    assert home.status_code == 200 and "Щукина Алёна Петровна" in home.get_data(as_text=True)
    # opening the link again on the same phone goes straight home
    assert client.get(f"/i/{invited.invite_token}").status_code == 302


def test_the_tap_without_consent_is_refused(client, invited):
    response = client.post(f"/i/{invited.invite_token}", data={})
    assert response.status_code == 409
    assert "Without consent" in response.get_data(as_text=True)
    db.session.refresh(invited)
    assert invited.device_id is None


def test_a_link_opened_on_a_second_phone_says_so_until_the_moderator_resets_it(
    app, client, invited, moderator, login
):
    client.post(f"/i/{invited.invite_token}", data={"consent": "1"})
    other_phone = app.test_client()
    other_phone.set_cookie("facilitator_lang", "en")

    refused = other_phone.get(f"/i/{invited.invite_token}")
    assert refused.status_code == 409
    assert "already been opened on another phone" in refused.get_data(as_text=True)
    assert other_phone.post(f"/i/{invited.invite_token}", data={"consent": "1"}).status_code == 409

    login(moderator)
    response = client.post(
        f"/sessions/{invited.session_id}/door/invitations/{invited.id}/reset-device"
    )
    assert response.status_code == 302
    assert other_phone.post(f"/i/{invited.invite_token}", data={"consent": "1"}).status_code == 302
    db.session.refresh(invited)
    assert invited.device_id == device_of(other_phone, app)


def test_a_phone_registered_as_someone_else_cannot_take_up_another_invitation(
    client, app, invited, session, make_participant
):
    client.post(f"/i/{invited.invite_token}", data={"consent": "1"})
    second = make_participant(
        session, device_id=None, consented_at=None, invite_token=invitations.new_token()
    )
    response = client.post(f"/i/{second.invite_token}", data={"consent": "1"})
    assert response.status_code == 409
    assert "already registered in the session as Щукина Алёна Петровна" in response.get_data(
        as_text=True
    )


def test_a_reissued_link_replaces_the_old_one_which_gives_a_clear_page(moderator_client, invited):
    old = invited.invite_token
    response = moderator_client.post(
        f"/sessions/{invited.session_id}/door/invitations/{invited.id}/reissue"
    )
    assert response.status_code == 302
    db.session.refresh(invited)
    assert invited.invite_token != old and invitations.TOKEN_PATTERN.match(invited.invite_token)
    gone = moderator_client.get(f"/i/{old}")
    assert gone.status_code == 404
    assert "This link does not work" in gone.get_data(as_text=True)
    assert moderator_client.get(f"/i/{invited.invite_token}").status_code == 200


def test_a_revoked_link_stops_working(moderator_client, invited):
    token = invited.invite_token
    moderator_client.post(f"/sessions/{invited.session_id}/door/invitations/{invited.id}/revoke")
    db.session.refresh(invited)
    assert invited.invite_token is None
    assert moderator_client.get(f"/i/{token}").status_code == 404


@pytest.mark.parametrize(
    "token",
    ["A" * 32, "short", "../../etc/passwd", "x" * 300],
)
def test_an_invented_token_gives_404(client, invited, token):
    response = client.get(f"/i/{token}")
    assert response.status_code == 404


def test_a_token_with_control_characters_is_refused_at_the_edge(client, invited):
    assert client.get("/i/" + "%00" * 11).status_code == 400


def test_tokens_are_long_random_and_distinct():
    tokens = {invitations.new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    assert all(invitations.TOKEN_PATTERN.match(t) for t in tokens)  # 192 random bits each


def test_the_personal_link_is_found_in_a_scanned_url_or_as_a_bare_token(invited):
    token = invited.invite_token
    assert invitations.token_from_text(f"http://192.168.1.5:5000/i/{token}") == token
    assert invitations.token_from_text(f"  {token} ") == token
    assert invitations.token_from_text("http://example.org/i/short") is None


def test_the_invitation_page_and_its_qr_code_are_the_moderators(moderator_client, invited):
    base = f"/sessions/{invited.session_id}/door/invitations"
    page = moderator_client.get(f"{base}/{invited.id}").get_data(as_text=True)
    assert "Щукина Алёна Петровна" in page and f"/i/{invited.invite_token}" in page
    qr = moderator_client.get(f"{base}/{invited.id}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    listing = moderator_client.get(base).get_data(as_text=True)
    assert "Щукина Алёна Петровна" in listing and "not opened yet" in listing


def test_all_invitations_download_as_one_pdf_page_each(moderator_client, session, make_participant):
    names = ["Иванова Мария Ивановна", "Петров «Пётр» <b>Петрович</b>"]
    for name in names:
        make_participant(
            session, full_name=name, device_id=None, invite_token=invitations.new_token()
        )
    response = moderator_client.get(f"/sessions/{session.id}/door/invitations.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 2
    text = " ".join(page.extract_text() for page in reader.pages)
    for name in names:
        assert name in text.replace("\n", " ")


def test_a_moderator_opening_a_personal_link_is_offered_the_check_in_page_not_bound(
    moderator_client, invited
):
    page = moderator_client.get(f"/i/{invited.invite_token}").get_data(as_text=True)
    assert "You are signed in as a moderator" in page
    assert f"/sessions/{invited.session_id}/door/checkin" in page


def test_invitations_are_e_mailed_each_with_the_persons_own_link(
    moderator_client,
    session,
    make_participant,
    smtp_server,  # noqa: F811
):
    people = [
        make_participant(
            session,
            full_name=f"Участник {n}",
            email=f"p{n}@example.org",
            device_id=None,
            invite_token=invitations.new_token(),
        )
        for n in range(3)
    ]
    make_participant(session, email=None, device_id=None, invite_token=invitations.new_token())
    response = moderator_client.post(f"/sessions/{session.id}/door/invitations/mail")
    assert response.status_code == 302

    deadline = time.monotonic() + 30
    while True:
        db.session.rollback()
        row = mailing_jobs.latest(session, kind=invitation_mail.INVITATIONS.key)
        if row is not None and row.state != MailingState.RUNNING:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert mailing_jobs.progress(row).sent == 3
    assert mailing_jobs.latest(session) is None  # the materials' mailing is a different kind
    by_address = {str(m["To"].addresses[0].addr_spec): m for m in smtp_server.messages}
    assert sorted(by_address) == ["p0@example.org", "p1@example.org", "p2@example.org"]
    for person in people:
        message = by_address[person.email]
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert f"/i/{person.invite_token}" in body
        assert any(part.get_content_type() == "image/png" for part in message.iter_attachments())
    progress = moderator_client.get(f"/sessions/{session.id}/door/invitations/mail/progress")
    assert progress.get_json()["sent"] == 3
