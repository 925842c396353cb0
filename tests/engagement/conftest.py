"""Factories for the open microphone, comments and voting tests."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from facilitator.accounts.models import Moderator
from facilitator.engagement import common, vote_settings
from facilitator.engagement.models import EngagementSettings, VotingMode
from facilitator.sessions.models import CreativeGroup, DesignSession, Participant

COOKIE = "facilitator_device"


@pytest.fixture
def make_voter(make_participant) -> Callable[..., Participant]:
    """Return a callable which registers a participant whose device cookie the app accepts."""

    def _make(session: DesignSession, group: CreativeGroup | None = None, **fields) -> Participant:
        fields.setdefault("device_id", secrets.token_urlsafe(24))
        return make_participant(session, group, **fields)

    return _make


@pytest.fixture
def as_participant(app: Flask) -> Callable[[Participant], FlaskClient]:
    """Return a callable which gives a client carrying the participant's device cookie."""

    def _client(participant: Participant) -> FlaskClient:
        client = app.test_client()
        client.set_cookie(COOKIE, participant.device_id)
        return client

    return _client


def configure(session: DesignSession, moderator: Moderator, **changes) -> EngagementSettings:
    """Save voting settings through the service, changing only the given ones."""
    current = common.settings_for(session)
    change = vote_settings.SettingsChange(
        voting_mode=VotingMode(current.voting_mode),
        dots_per_participant=current.dots_per_participant,
        max_dots_per_model=current.max_dots_per_model,
        forbid_own_group=current.forbid_own_group,
        hide_results_until_closed=current.hide_results_until_closed,
        speaker_seconds=current.speaker_seconds,
        criteria=common.criteria_titles(session),
    )
    return vote_settings.update_settings(session, dataclasses.replace(change, **changes), moderator)


@pytest.fixture
def notifications(monkeypatch) -> list[tuple[int, str, dict]]:
    """Record what the services send to live pages."""
    sent: list[tuple[int, str, dict]] = []

    def record(session_id, event, payload, **options):
        sent.append((session_id, event, payload))

    monkeypatch.setattr("facilitator.live.broadcast.notify_session", record)
    return sent
