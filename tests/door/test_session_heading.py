"""The roster, door pages, join code and progress board carry the heading of the other tabs."""

from __future__ import annotations

import re

import pytest

from tests.door import samples
from tests.door.conftest import preview_url, upload

HEAD = re.compile(r'<header class="session-head(?P<variant>[^"]*)">(?P<body>.*?)</header>', re.S)


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def session_head(page: str) -> re.Match:
    """The session's heading of a page: the one header of class session-head."""
    heads = list(HEAD.finditer(page))
    assert len(heads) == 1, [head.group(0) for head in heads]
    return heads[0]


def headings_1(page: str) -> list[str]:
    """The text of every h1 of the page."""
    return [re.sub(r"<[^>]+>", "", h1).strip() for h1 in re.findall(r"<h1>(.*?)</h1>", page, re.S)]


@pytest.mark.parametrize(
    "path", ["participants", "door/import", "door/invitations", "door/import/{upload}"]
)
def test_the_roster_and_the_door_pages_show_the_heading_of_the_other_tabs(
    moderator_client, session, path
):
    if "{upload}" in path:
        location = preview_url(upload(moderator_client, session, samples.xlsx()))
        path = path.format(upload=location.rsplit("/", 1)[1])
    attendance = page_of(moderator_client, f"/sessions/{session.id}/attendance")
    page = page_of(moderator_client, f"/sessions/{session.id}/{path}")

    head = session_head(page)
    assert head.group(0) == session_head(attendance).group(0)
    assert headings_1(page) == [session.title]
    assert re.search(r'<span class="badge[^"]*">Registration</span>', head.group("body"))
    # The same order as on every tab: heading, the session's tabs, the door's links, the content.
    marks = (head.group(0), 'class="session-nav"', 'class="door-links"')
    order = [page.index(mark) for mark in marks]
    assert order == sorted(order)
    assert page.index('class="door-links"') < page.index('class="tab-panel"')


def test_the_roster_keeps_its_wide_table_under_the_column_of_the_heading(moderator_client, session):
    page = page_of(moderator_client, f"/sessions/{session.id}/participants")
    assert re.search(r'<main id="main" class="container container-wide">', page)
    attendance = page_of(moderator_client, f"/sessions/{session.id}/attendance")
    assert re.search(r'<main id="main" class="container">', attendance)


def test_the_check_in_page_names_the_session_and_its_phase_in_a_compact_heading(
    moderator_client, session
):
    page = page_of(moderator_client, f"/sessions/{session.id}/door/checkin")

    head = session_head(page)
    assert head.group("variant") == " session-head-compact"
    assert f'<p class="session-head-title">{session.title}</p>' in head.group("body")
    assert re.search(r'<span class="badge[^"]*">Registration</span>', head.group("body"))
    # The volunteer's task is the page's one h1; no tabs push the search off a phone's first screen.
    assert headings_1(page) == ["Check-in at the door"]
    assert 'class="session-nav"' not in page
    assert page.index(head.group(0)) < page.index('class="door-links"') < page.index("<h1>")


@pytest.mark.parametrize(
    ("path", "tab_title"),
    [
        ("/sessions/{id}/share", "Join the session"),
        ("/w/session/{id}/progress", "Groups' progress"),
    ],
)
def test_the_join_code_and_the_progress_board_show_the_heading_of_the_other_tabs(
    moderator_client, session, path, tab_title
):
    attendance = page_of(moderator_client, f"/sessions/{session.id}/attendance")
    page = page_of(moderator_client, path.format(id=session.id))

    head = session_head(page)
    assert head.group(0) == session_head(attendance).group(0)
    assert headings_1(page) == [session.title]
    # Heading, the session's tabs, then the tab's own content under its h2.
    order = [
        page.index(mark) for mark in (head.group(0), 'class="session-nav"', 'class="tab-panel"')
    ]
    assert order == sorted(order)
    assert re.search(rf'<div class="tab-panel">.*<h2[^>]*>{re.escape(tab_title)}</h2>', page, re.S)


def test_the_join_code_stays_in_the_column_and_keeps_its_big_code(moderator_client, session):
    page = page_of(moderator_client, f"/sessions/{session.id}/share")
    assert re.search(r'<main id="main" class="container">', page)
    panel = page[page.index('class="tab-panel"') :]
    assert 'class="join-code share-code"' in panel
    assert 'class="qr"' in panel


def test_the_progress_board_takes_the_wide_page_and_keeps_its_live_hooks(moderator_client, session):
    page = page_of(moderator_client, f"/w/session/{session.id}/progress")
    assert re.search(r'<main id="main" class="container container-wide">', page)
    panel = page[page.index('class="tab-panel"') :]
    # The board's script finds its status line and the groups inside [data-progress-board].
    board = re.search(r'<div class="ws-board tab-wide" data-progress-board>(.*)', panel, re.S)
    assert board
    assert "data-status" in board.group(1) and "data-status-text" in board.group(1)
    assert 'id="progress-config"' in panel
