"""A moderated session's views: only its moderator reaches them, with the session loaded."""

from __future__ import annotations

import pytest
from flask import Blueprint

from facilitator.sessions.forms import ActionForm
from facilitator.sessions.permissions import moderated_view
from facilitator.webforms import form_or_400


@pytest.fixture
def probe(app):
    """A blueprint with views that report what the decorators hand them."""
    blueprint = Blueprint("probe", __name__, url_prefix="/probe")

    @blueprint.route("/<int:session_id>/plain")
    @moderated_view
    def plain(session):
        return f"{session.id}:{session.title}"

    @blueprint.route("/<int:session_id>/with-groups/<int:item>")
    @moderated_view(groups=True)
    def with_groups(session, item):
        return f"{session.id}:{len(session.groups)}:{item}"

    @blueprint.route("/action", methods=["POST"])
    def action():
        form_or_400(ActionForm)
        return "done"

    app.register_blueprint(blueprint)
    return blueprint


def test_the_moderator_gets_their_session_passed_to_the_view(probe, moderator_client, make_session):
    session = make_session(groups=3)

    assert (
        moderator_client.get(f"/probe/{session.id}/plain")
        .get_data(as_text=True)
        .startswith(f"{session.id}:")
    )
    response = moderator_client.get(f"/probe/{session.id}/with-groups/7")
    assert response.get_data(as_text=True) == f"{session.id}:3:7"


def test_another_moderator_and_a_missing_session_get_404(
    probe, client, make_session, make_moderator, login
):
    session = make_session()
    login(make_moderator())

    assert client.get(f"/probe/{session.id}/plain").status_code == 404
    assert client.get(f"/probe/{session.id + 1000}/plain").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(probe, client, make_session):
    session = make_session()

    response = client.get(f"/probe/{session.id}/plain")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_button_post_that_does_not_validate_is_a_bad_request(probe, app, client):
    app.config["WTF_CSRF_ENABLED"] = True

    assert client.post("/probe/action").status_code == 400


def test_a_button_post_that_validates_reaches_the_view(probe, client):
    assert client.post("/probe/action").get_data(as_text=True) == "done"
