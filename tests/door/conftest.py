"""Fixtures of the door: a moderated session on the app's test client, uploads."""

from __future__ import annotations

import io
import re

import pytest

from facilitator.extensions import db
from facilitator.sessions.models import Participant
from tests.door import samples


@pytest.fixture(autouse=True)
def english(client):
    """The door's pages in English, so the tests read the messages as written."""
    client.set_cookie("facilitator_lang", "en")


@pytest.fixture
def session(make_session):
    """A session in the lobby with two groups of 60 places."""
    return make_session(groups=2, capacity=60)


def upload(client, session, data: bytes, filename: str = "registrations.xlsx"):
    """Upload a registration file; the response (a redirect to its preview when readable)."""
    return client.post(
        f"/sessions/{session.id}/door/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def preview_url(response) -> str:
    """The preview page an upload redirected to."""
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert re.search(r"/door/import/[A-Za-z0-9_-]{22}$", location)
    return location


def expected_count(page: str) -> str:
    """The number of people the preview promised, as its hidden field holds it."""
    return re.search(r'name="expected" type="hidden" value="(\d+)"', page).group(1)


def import_file(client, session, data: bytes = b"") -> object:
    """Upload, preview and confirm; the confirmation's response."""
    url = preview_url(upload(client, session, data or samples.xlsx()))
    page = client.get(url).get_data(as_text=True)
    return client.post(
        url, data={"action": "import", "use_groups": "y", "expected": expected_count(page)}
    )


def people(session) -> list[Participant]:
    """The session's participants as stored."""
    db.session.expire_all()
    return list(db.session.scalars(db.select(Participant).filter_by(session_id=session.id)))
