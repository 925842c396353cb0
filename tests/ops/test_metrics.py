"""/metrics: token rules, and what the counters count."""

from __future__ import annotations

import pytest

from facilitator.live import phase_control
from facilitator.sessions.phases import Phase
from tests.ops.conftest import TOKEN


@pytest.fixture
def token_app(app):
    """The test app with a metrics token."""
    app.config["METRICS_TOKEN"] = TOKEN
    return app


def scrape(app) -> str:
    """The metrics text, read with the right token."""
    response = app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    return response.get_data(as_text=True)


def sample(text: str, prefix: str) -> float:
    """The value of the one sample line starting with ``prefix``."""
    lines = [line for line in text.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, (prefix, lines)
    return float(lines[0].rsplit(" ", 1)[1])


def test_metrics_does_not_exist_without_a_token(app):
    app.config["METRICS_TOKEN"] = None

    assert app.test_client().get("/metrics").status_code == 404


@pytest.mark.parametrize(
    "authorization",
    [None, f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", TOKEN, "Bearer "],
)
def test_metrics_refuses_a_missing_or_wrong_token(token_app, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}

    response = token_app.test_client().get("/metrics", headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "facilitator_" not in response.get_data(as_text=True)


def test_metrics_answers_the_right_token_with_every_family(token_app):
    text = scrape(token_app)

    for family in (
        "facilitator_http_request_duration_seconds",
        "facilitator_socketio_connections",
        "facilitator_edits_acknowledged_total",
        "facilitator_edit_ack_seconds",
        "facilitator_batch_commit_seconds",
        "facilitator_phase_changes_total",
    ):
        assert f"# TYPE {family} " in text


def test_request_latency_is_counted_under_the_url_rule_not_the_path(token_app):
    client = token_app.test_client()
    for code in ("ABC123", "XYZ789", "QQQ000"):
        client.get(f"/s/{code}/")

    text = scrape(token_app)

    rule_lines = [line for line in text.splitlines() if 'route="/s/<code>/"' in line]
    assert rule_lines, text
    count = sample(
        text, 'facilitator_http_request_duration_seconds_count{method="GET",route="/s/<code>/"'
    )
    assert count == 3
    assert "ABC123" not in text and "XYZ789" not in text


def test_unknown_paths_and_methods_share_one_label(token_app):
    client = token_app.test_client()
    client.get("/no/such/page-1")
    client.get("/no/such/page-2")
    client.open("/no/such/page-3", method="BREW")

    text = scrape(token_app)

    assert "page-1" not in text and "page-2" not in text and "BREW" not in text
    count = sample(
        text,
        'facilitator_http_request_duration_seconds_count{method="GET",route="<unmatched>",status="4xx"}',
    )
    assert count == 2
    other = 'facilitator_http_request_duration_seconds_count{method="other",route="<unmatched>"'
    assert sample(text, other) == 1


def test_a_phase_change_is_counted_by_the_phase_entered(token_app, make_session, moderator):
    session = make_session()
    before = scrape(token_app)
    assert 'facilitator_phase_changes_total{phase="group_work"}' not in before

    phase_control.move_to_phase(session, Phase.group_work, moderator)
    phase_control.move_to_phase(session, Phase.voting, moderator)

    text = scrape(token_app)
    assert sample(text, 'facilitator_phase_changes_total{phase="group_work"}') == 1
    assert sample(text, 'facilitator_phase_changes_total{phase="voting"}') == 1
