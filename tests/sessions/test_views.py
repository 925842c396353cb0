"""Every preparation route needs a login and hides other moderators' sessions behind 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from facilitator.extensions import db
from facilitator.sessions.models import AgendaItem, DesignSession, SessionLogo
from facilitator.sessions.phases import AgendaKind

# (method, URL pattern); {s} session, {i} agenda item, {g} group, {t} section, {l} logo, {m} co-mod
ROUTES = [
    ("GET", "/sessions/{s}"),
    ("GET", "/sessions/{s}/edit"),
    ("POST", "/sessions/{s}/edit"),
    ("POST", "/sessions/{s}/delete"),
    ("POST", "/sessions/{s}/open-registration"),
    ("POST", "/sessions/{s}/back-to-preparation"),
    ("GET", "/sessions/{s}/team"),
    ("POST", "/sessions/{s}/team"),
    ("POST", "/sessions/{s}/team/{m}/remove"),
    ("POST", "/sessions/{s}/logos"),
    ("POST", "/sessions/{s}/logos/{l}/delete"),
    ("POST", "/sessions/{s}/logos/{l}/move"),
    ("GET", "/sessions/{s}/agenda"),
    ("POST", "/sessions/{s}/agenda"),
    ("GET", "/sessions/{s}/agenda/{i}/edit"),
    ("POST", "/sessions/{s}/agenda/{i}/edit"),
    ("POST", "/sessions/{s}/agenda/{i}/delete"),
    ("POST", "/sessions/{s}/agenda/{i}/move"),
    ("POST", "/sessions/{s}/agenda/sort"),
    ("GET", "/sessions/{s}/groups"),
    ("POST", "/sessions/{s}/groups"),
    ("GET", "/sessions/{s}/groups/{g}/edit"),
    ("POST", "/sessions/{s}/groups/{g}/edit"),
    ("POST", "/sessions/{s}/groups/{g}/delete"),
    ("POST", "/sessions/{s}/groups/{g}/move"),
    ("GET", "/sessions/{s}/template"),
    ("POST", "/sessions/{s}/template"),
    ("GET", "/sessions/{s}/template/{t}/edit"),
    ("POST", "/sessions/{s}/template/{t}/edit"),
    ("POST", "/sessions/{s}/template/{t}/delete"),
    ("POST", "/sessions/{s}/template/{t}/move"),
    ("POST", "/sessions/{s}/template/save"),
]


@pytest.fixture
def foreign_session(make_moderator, make_session):
    """Another moderator's session with one of everything, and its URL placeholders."""
    owner = make_moderator()
    colleague = make_moderator()
    session = make_session(owner=owner, phase="draft")
    session.co_moderators.append(colleague)
    session.agenda.append(
        AgendaItem(starts_at=dt.time(11, 0), duration_minutes=30, kind=AgendaKind.talk, title="Т")
    )
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    session.logos.append(
        SessionLogo(
            filename="l.png", mimetype="image/png", width=4, height=4, data=buffer.getvalue()
        )
    )
    db.session.commit()
    return session, {
        "s": session.id,
        "i": session.agenda[0].id,
        "g": session.groups[0].id,
        "t": session.template.sections[0].id,
        "l": session.logos[0].id,
        "m": colleague.id,
    }


def snapshot(session: DesignSession) -> tuple:
    db.session.expire_all()
    return (
        session.title,
        session.phase,
        [m.id for m in session.co_moderators],
        [(i.id, i.title, i.position) for i in session.agenda],
        [(g.id, g.name, g.position) for g in session.groups],
        [(s.id, s.title, s.position) for s in session.template.sections],
        [(logo.id, logo.position) for logo in session.logos],
    )


DATA = {"title": "Взлом", "name": "Взлом", "direction": "up", "email": "x@example.org"}


@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_another_moderator_gets_404_and_changes_nothing(
    moderator_client, foreign_session, method, pattern
):
    session, ids = foreign_session
    before = snapshot(session)
    response = moderator_client.open(pattern.format(**ids), method=method, data=DATA)
    assert response.status_code == 404
    assert db.session.get(DesignSession, session.id) is not None
    assert snapshot(session) == before


@pytest.mark.parametrize(
    ("method", "pattern"), [*ROUTES, ("GET", "/sessions/new"), ("POST", "/sessions/new")]
)
def test_every_route_needs_a_login(client, foreign_session, method, pattern):
    _session, ids = foreign_session
    response = client.open(pattern.format(**ids), method=method, data=DATA)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "pattern",
    [
        "/sessions/{s}/agenda/{i}/edit",
        "/sessions/{s}/groups/{g}/edit",
        "/sessions/{s}/template/{t}/edit",
    ],
)
def test_an_item_of_another_session_is_404_even_through_my_own_session(
    moderator_client, make_session, foreign_session, pattern
):
    mine = make_session()
    _session, ids = foreign_session
    response = moderator_client.get(pattern.format(**(ids | {"s": mine.id})))
    assert response.status_code == 404


def test_every_tab_renders_in_russian(moderator_client, make_session):
    session = make_session()
    for tab, heading in [
        ("", "Сведения"),
        ("/agenda", "Добавить пункт"),
        ("/groups", "Творческие группы"),
        ("/template", "Шаблон модели взаимодействия"),
        ("/team", "Модераторы"),
    ]:
        response = moderator_client.get(f"/sessions/{session.id}{tab}")
        assert response.status_code == 200, tab
        assert heading in response.get_data(as_text=True), tab


def test_the_index_lists_no_one_elses_sessions_without_counting_them(
    moderator_client, foreign_session
):
    page = moderator_client.get("/sessions/").get_data(as_text=True)
    session, _ids = foreign_session
    assert session.title not in page
    assert db.session.scalar(sa.select(sa.func.count(DesignSession.id))) == 1
