"""Schemathesis over the OpenAPI document, in-process with a token: no request gets a 5xx.

Valid and invalid path parameters, query strings and headers for every documented operation,
on SQLite and on PostgreSQL, with the same derandomized examples on every run.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from facilitator.extensions import db
from tests.api.helpers import PREFIX, bearer

EXAMPLES_PER_BACKEND = 200


@pytest.fixture
def app(any_backend_app):
    """Every fixture of these tests on SQLite and on PostgreSQL in turn."""
    return any_backend_app


def test_no_documented_operation_answers_a_server_error(app, world, token):
    schema = schemathesis.openapi.from_wsgi(f"{PREFIX}/openapi.json", app)
    real = {"session_id": world.session.id, "group_id": world.groups[0].id}
    strategies = []
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {p.name for p in operation.path_parameters}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategies.append(operation.as_strategy(generation_mode=mode))
            if names:
                known = {name: real[name] for name in names if name in real}
                strategies.append(
                    operation.as_strategy(generation_mode=mode, path_parameters=known)
                )

    @settings(
        max_examples=EXAMPLES_PER_BACKEND,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def one_case(case) -> None:
        db.session.rollback()
        response = case.call(headers=bearer(token))
        case.validate_response(response, checks=[not_a_server_error])

    one_case()
