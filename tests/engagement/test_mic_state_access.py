"""The open microphone's state names the speaker: only participants and the projector read it."""

from __future__ import annotations

import pytest

from facilitator.engagement import mic as open_mic


@pytest.fixture
def speaking(make_session, make_voter, moderator):
    """A session in the open microphone with «Смирнова Анна Петровна» on the floor."""
    session = make_session(groups=2, phase="open_mic")
    speaker = make_voter(session, full_name="Смирнова Анна Петровна")
    open_mic.raise_hand(speaker)
    open_mic.give_floor(session, moderator)
    return session


def test_an_anonymous_visitor_gets_no_names(client, speaking):
    response = client.get(f"/s/{speaking.join_code}/mic/state")
    assert response.status_code == 403
    assert "Смирнова" not in response.get_data(as_text=True)


def test_a_participant_of_another_session_gets_no_names(
    speaking, make_session, make_voter, as_participant
):
    stranger = as_participant(make_voter(make_session(phase="open_mic")))
    response = stranger.get(
        f"/s/{speaking.join_code}/mic/state", headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert "Смирнова" not in response.get_data(as_text=True)


def test_a_registered_participant_sees_the_speaker(speaking, make_voter, as_participant):
    phone = as_participant(make_voter(speaking))
    response = phone.get(f"/s/{speaking.join_code}/mic/state")
    assert response.status_code == 200
    state = response.get_json()
    assert "Смирнова Анна Петровна" in str(state["speaker"])
    assert state["place"] is None


@pytest.mark.parametrize("how", ["header", "query"])
def test_the_projector_token_reads_the_state(client, speaking, how):
    url = f"/s/{speaking.join_code}/mic/state"
    if how == "header":
        response = client.get(url, headers={"X-Projector-Token": speaking.projector_token})
    else:
        response = client.get(url, query_string={"token": speaking.projector_token})
    assert response.status_code == 200
    assert "Смирнова Анна Петровна" in str(response.get_json()["speaker"])


def test_a_wrong_projector_token_is_refused(client, speaking):
    response = client.get(
        f"/s/{speaking.join_code}/mic/state", headers={"X-Projector-Token": "guess"}
    )
    assert response.status_code == 403
