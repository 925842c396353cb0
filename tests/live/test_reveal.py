"""The results reveal: only the session's moderators trigger it, it survives a reload of the
projector, and the projector shows the count until then."""

from __future__ import annotations

import pytest

from facilitator.engagement import voting
from facilitator.extensions import db
from facilitator.live import phase_control, reveal
from facilitator.live.reveal import ResultsReveal
from facilitator.sessions.phases import Phase
from tests.live.conftest import call, drain, http_client
from tests.live.test_namespace import outcome, person


@pytest.fixture
def voted(live):
    """The session in the voting phase, each member with a dot on the other group's model."""
    phase_control.move_to_phase(live.session, Phase.voting, live.owner)
    group, other = live.session.groups
    voting.set_dots(live.member, other.id, 1)
    voting.set_dots(live.other_member, group.id, 1)
    return live


def projector_html(app, live) -> str:
    response = http_client(app, None).get(f"/p/{live.session.projector_token}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "role",
    ["owner", "co_moderator", "moderator_of_another_session", "participant", "anonymous"],
)
def test_only_the_sessions_moderators_may_reveal_the_results(role, voted, connect):
    client = connect(person(role, voted))
    ack = call(client, "reveal_results", {"session_id": voted.session.id})
    expected = "ok" if role in ("owner", "co_moderator") else "forbidden"
    assert outcome(ack) == expected
    assert reveal.is_revealed(voted.session) == (expected == "ok")


def test_the_projector_cannot_reveal_the_results(voted, connect):
    projector = connect()
    assert call(projector, "watch", {"projector_token": voted.session.projector_token})["ok"]
    ack = call(projector, "reveal_results", {"session_id": voted.session.id})
    assert outcome(ack) == "forbidden"
    assert db.session.get(ResultsReveal, voted.session.id) is None


def test_a_reveal_reaches_the_projector_as_a_live_event(voted, connect):
    projector, moderator = connect(), connect(voted.owner)
    call(projector, "watch", {"projector_token": voted.session.projector_token})
    drain(projector)
    ack = call(moderator, "reveal_results", {"session_id": voted.session.id})
    assert ack["ok"] and ack["revealed"] is True
    assert drain(projector)["reveal"] == [{"shown": True}]
    call(moderator, "reveal_results", {"session_id": voted.session.id, "show": False})
    assert drain(projector)["reveal"] == [{"shown": False}]


def test_the_projector_shows_the_count_until_the_reveal_and_the_results_after_every_reload(
    app, voted, connect
):
    before = projector_html(app, voted)
    assert "data-reveal" not in before
    assert 'class="pj-tally-num">2<' in before
    reveal.reveal(voted.session, voted.owner)
    for _reload in range(2):
        html = projector_html(app, voted)
        assert "data-reveal" in html and html.count('<li class="pj-result') == 2
    assert '"survey", "comments", "reveal"]' in html


def test_the_reveal_ends_when_the_session_moves_on(app, voted):
    reveal.reveal(voted.session, voted.owner)
    phase_control.move_to_phase(voted.session, Phase.survey, voted.owner)
    assert not reveal.is_revealed(voted.session)
    assert "data-reveal" not in projector_html(app, voted)


def test_nothing_to_reveal_before_voting_or_without_votes(live, connect):
    moderator = connect(live.owner)
    ack = call(moderator, "reveal_results", {"session_id": live.session.id})
    assert ack["code"] == "refused" and "голосования" in ack["message"]
    phase_control.move_to_phase(live.session, Phase.voting, live.owner)
    ack = call(moderator, "reveal_results", {"session_id": live.session.id})
    assert ack["code"] == "refused" and "никто не проголосовал" in ack["message"]
    assert db.session.get(ResultsReveal, live.session.id) is None


def test_a_malformed_reveal_is_a_bad_request(voted, connect):
    moderator = connect(voted.owner)
    for payload in (None, {"session_id": "x"}, {"session_id": voted.session.id, "show": 3}):
        assert outcome(call(moderator, "reveal_results", payload)) == "bad_request"


def test_the_reveal_button_is_refused_to_another_sessions_moderator(app, voted):
    stranger = http_client(app, voted.stranger)
    assert stranger.get(f"/sessions/{voted.session.id}/live").status_code == 404
    response = stranger.post(f"/sessions/{voted.session.id}/live/reveal", data={"show": "1"})
    assert response.status_code == 404
    assert not reveal.is_revealed(voted.session)


def test_the_reveal_button_works_without_javascript(app, voted):
    url = f"/sessions/{voted.session.id}/live/reveal"
    owner = http_client(app, voted.owner)
    panel = owner.get(f"/sessions/{voted.session.id}/live").get_data(as_text=True)
    assert 'data-live-event="reveal_results"' in panel
    token = panel.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = owner.post(url, data={"csrf_token": token, "show": "1"})
    assert response.status_code == 302 and reveal.is_revealed(voted.session)
    response = owner.post(url, data={"csrf_token": token, "show": "0", "next": "voting"})
    assert response.headers["Location"].endswith(f"/sessions/{voted.session.id}/voting")
    assert not reveal.is_revealed(voted.session)


def test_a_refused_reveal_without_javascript_says_why(app, live):
    owner = http_client(app, live.owner)
    panel = owner.get(f"/sessions/{live.session.id}/live").get_data(as_text=True)
    token = panel.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = owner.post(
        f"/sessions/{live.session.id}/live/reveal",
        data={"csrf_token": token, "show": "1"},
        follow_redirects=True,
    )
    assert "Итоги можно показать начиная с этапа голосования." in response.get_data(as_text=True)
