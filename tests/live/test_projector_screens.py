"""Every projector screen, as the server renders it along a real run of the demo session."""

from __future__ import annotations

import re

import pytest

from facilitator.live import projector_extras, tour
from facilitator.live.demo import create_demo
from facilitator.sessions.models import DesignSession


@pytest.fixture
def demo(app):
    """The demo session (15 people in 5 groups, in registration) and its draft copy."""
    result = create_demo()
    return result.session, tour.draft_session(result.session.owner)


def screens(client, demo) -> dict[str, str]:
    """Walk the tour; the projector's HTML at every stop."""
    session, draft = demo
    found = {}
    for stop in tour.STOPS:
        tour.visit(session, session.owner, stop)
        target: DesignSession = draft if stop == "draft" else session
        response = client.get(f"/p/{target.projector_token}")
        assert response.status_code == 200, stop
        found[stop] = response.get_data(as_text=True)
    return found


def main_of(html: str) -> str:
    """The phase's screen, without the soft hyphens in long words."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0].replace("\u00ad", "")


def test_every_phase_has_its_own_designed_screen(client, demo):
    html = screens(client, demo)
    session, _draft = demo
    main = {stop: main_of(page) for stop, page in html.items()}
    assert "pj-draft" in main["draft"] and "Сессия ещё не началась." in main["draft"]
    # lobby: the big QR code, the code and how many joined
    assert "/qr.svg" in main["lobby"] or "qr" in main["lobby"]
    assert re.search(r'class="pj-code"[^>]*>\d{3} \d{3}<', main["lobby"])
    assert 'class="pj-joined-num">15<' in main["lobby"]
    # talks: the speaker and credentials
    assert "Лебедев Андрей Николаевич" in main["talks"] and "к.п.н." in main["talks"]
    # group work: every group's progress, named for screen readers
    bars = re.findall(r'role="progressbar" aria-labelledby="(pj-group-\d+)"', main["group_work"])
    assert len(bars) == 5 and all(f'id="{bar}"' in main["group_work"] for bar in bars)
    assert 'aria-valuenow="9"' in main["group_work"]
    # presentations: the presented group's model, paged
    assert "Группа 1 из 5" in main["presentations"] and "data-pj-pages" in main["presentations"]
    assert "Клуб профессий" in main["presentations"]
    # open microphone: the speaker with a countdown, then the queue
    assert "Смирнова Анна Викторовна" in main["open_mic"]
    countdown = r'data-pj-countdown data-ends-ms="\d{13}" data-total-s="120"'
    assert re.search(countdown, main["open_mic"])
    assert main["open_mic"].count('class="pj-queue-name"') == 3
    # voting: a live count, no results before the reveal
    assert 'class="pj-tally-num">15<' in main["voting"] and "pj-result" not in main["voting"]
    # the reveal: every model, the winner marked
    assert main["reveal"].count('<li class="pj-result') == 5
    assert main["reveal"].count("is-winner") == 1 and 'data-pj-score="9.0">9<' in main["reveal"]
    # survey: the count and the answers as charts
    assert 'class="pj-tally-num">12<' in main["survey"]
    assert "pj-chart" in main["survey"] and "Да" in main["survey"] and "%" in main["survey"]
    # closing: thanks and where the materials will be
    assert "Спасибо за участие!" in main["closed"] and "closing-qr.svg" in main["closed"]
    assert session.contact_phone in main["closed"]


def test_the_band_carries_the_sessions_logos_and_colour_and_the_join_bar_the_code(client, demo):
    html = screens(client, demo)
    session, _draft = demo
    for stop in tour.STOPS[1:]:
        assert html[stop].count(f'src="/sessions/{session.id}/logos/') == 2, stop
        assert 'class="pj-joinbar"' in html[stop]
    accent = re.search(r"--session-accent: (#[0-9a-f]{6})", html["talks"]).group(1)
    assert accent != projector_extras.DEFAULT_ACCENT  # taken from the first (blue) logo
    red, green, blue = (int(accent[i : i + 2], 16) for i in (1, 3, 5))
    assert blue > red and blue > green


def test_the_hall_never_sees_operator_controls_or_unhyphenated_long_words(client, demo):
    html = screens(client, demo)
    for stop, page in html.items():
        # The controls sit in the operator's panel, which only shows on pointer or focus.
        ops = page.split('class="pj-ops"', 1)[1]
        assert "data-fullscreen" in ops and "data-live-status" in ops, stop
        assert "data-fullscreen" not in page.split('class="pj-ops"', 1)[0], stop
    assert "про\u00adфес\u00adси\u00adо\u00adналь\u00adно\u00adму" in html["presentations"]


def test_a_session_without_logos_gets_the_default_accent(app, make_session):
    session = make_session(phase="lobby")
    assert projector_extras.accent_of(session) == projector_extras.DEFAULT_ACCENT
