"""The OpenAPI document: valid 3.1, served by the app, and true to the routes and responses."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from facilitator.api import spec
from tests.api.helpers import (
    PREFIX,
    assert_is_error,
    assert_matches_document,
    bearer,
    document,
)

SESSION_PATHS = sorted(p for p in spec.document()["paths"] if "{session_id}" in p)
DOCUMENTED = sorted(
    (path, int(status))
    for path, item in spec.document()["paths"].items()
    for status in item["get"]["responses"]
)


def test_document_is_valid_openapi_3_1():
    validate(document(), cls=OpenAPIV31SpecValidator)
    assert document()["openapi"].startswith("3.1.")


def test_app_serves_the_document_without_a_token(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == document()
    assert_matches_document("/openapi.json", response)


def test_date_time_formats_are_really_checked():
    # Without rfc3339-validator jsonschema silently accepts any string as a date-time.
    checker = Draft202012Validator.FORMAT_CHECKER
    assert not checker.conforms("2023-03-27T11:00:00", "date-time")
    assert checker.conforms("2023-03-27T11:00:00+00:00", "date-time")


def _documented_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: /api/v1/sessions/<int:id> → /sessions/{id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(PREFIX))


def test_every_api_route_is_documented_and_every_documented_path_is_a_route(app):
    routes = {
        (_documented_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX + "/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {
        (path, method)
        for path, item in document()["paths"].items()
        for method in item
        if method in {"get", "put", "post", "delete", "patch"}
    }
    assert routes == documented
    assert {method for _path, method in routes} == {"get"}


def _url(path: str, world, *, session_id: int | None = None) -> str:
    return PREFIX + path.format(
        session_id=session_id or world.session.id,
        group_id=world.groups[0].id,
        name="post-release",
    )


@pytest.mark.parametrize(("path", "status"), DOCUMENTED)
def test_every_documented_response_matches_the_real_one(
    client, world, token, make_token, path, status
):
    if status == 200:
        response = client.get(_url(path, world), headers=bearer(token))
    elif status == 401:
        response = client.get(_url(path, world))
    elif status == 404:
        # Another moderator's session must look exactly like one that does not exist.
        foreign = client.get(
            _url(path, world, session_id=world.foreign_session.id), headers=bearer(token)
        )
        missing = client.get(_url(path, world, session_id=999_999), headers=bearer(token))
        assert foreign.get_json() == missing.get_json()
        response = foreign
    else:
        pytest.fail(f"no scenario for status {status} of {path}")
    assert response.status_code == status, response.get_data(as_text=True)
    assert_matches_document(path, response)


def test_every_session_path_documents_401_and_404():
    for path in SESSION_PATHS:
        assert {"200", "401", "404"} <= set(document()["paths"][path]["get"]["responses"])


@pytest.mark.parametrize("path", ["/sessions", "/sessions/1/agenda"])
def test_a_wrong_method_is_a_json_405_that_matches_the_error_schema(client, token, path):
    response = client.post(PREFIX + path, headers=bearer(token), json={})
    assert_is_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    "path", [f"{PREFIX}/nothing-here", f"{PREFIX}/sessions/abc", "/api/v2/sessions", "/api"]
)
def test_an_unknown_api_path_is_a_json_404(client, token, path):
    assert_is_error(client.get(path, headers=bearer(token)), 404, "not_found")


def test_an_unknown_page_outside_the_api_stays_html(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_rating_results_match_the_document(api, world, moderator):
    from facilitator.engagement import common, rating
    from facilitator.engagement.models import VotingMode
    from facilitator.sessions.phases import Phase
    from tests.engagement.conftest import configure

    world.session.phase = Phase.voting
    configure(world.session, moderator, voting_mode=VotingMode.rating)
    criteria = common.criteria_of(world.session)
    rating.rate(world.people[0], world.groups[1].id, {criteria[0].id: 4, criteria[1].id: 5})
    response = api(f"/sessions/{world.session.id}/votes")
    assert_matches_document("/sessions/{session_id}/votes", response)
    body = response.get_json()
    assert body["mode"] == "rating"
    assert [c["title"] for c in body["criteria"]] == [c.title for c in criteria]
    rated = next(row for row in body["items"] if row["group_id"] == world.groups[1].id)
    assert rated["raters"] == 1
    assert rated["dots"] is None
    assert rated["averages"][:2] == [
        {"criterion_id": criteria[0].id, "average": 4.0},
        {"criterion_id": criteria[1].id, "average": 5.0},
    ]
