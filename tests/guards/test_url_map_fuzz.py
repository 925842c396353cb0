"""No request answers 5xx: random paths, methods and bodies on every rule of the URL map.

A moderator, a registered participant's phone and an anonymous visitor each send random values
for the rule's path arguments (huge and negative numbers, NUL and other controls, Unicode, long
strings, or the real ids of a filled session) with a random form or JSON body, in a random
phase of the session. The examples are derandomized, so CI runs the same ones every time.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from facilitator.extensions import db
from facilitator.sessions.phases import Phase
from tests.guards.world import World, build_world, clients, form_field_names

#: Rules with nothing of the app's own behind them
SKIPPED_ENDPOINTS = {"static", "socketio_transport", "socketio_websocket"}
#: Rules the fuzzing must not aim at the world's own records, or it would fuzz an empty world
DESTRUCTIVE = {"sessions.delete": "session_id", "roster.remove": "participant_id"}
ARGUMENT = re.compile(r"<(?:(?P<converter>[^:>]+):)?(?P<name>[^>]+)>")
EXAMPLES_PER_BACKEND = 600

NASTY_TEXT = [
    "",
    "\x00",
    "a\x00b",
    "\x1b[2J",
    "-1",
    "0",
    "2147483647",
    "2147483648",
    "-2147483649",
    "31891817882",
    "9" * 40,
    "1e5",
    "NaN",
    "nonsense",
    "Я",
    "\u202e",
    "\ud800",
    "٣",
    "x" * 5000,
    "../..",
    "%00",
    "true",
    "on",
]
# Control characters come from NASTY_TEXT only: everywhere in random text they would stop nearly
# every request at the first check, and the views behind it would go untried.
printable = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=40)
texts = st.one_of(st.sampled_from(NASTY_TEXT), printable)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**31 - 1, 2**31, -(2**31) - 1, 10**30]),
)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def _rules(app: Flask) -> list[Any]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in SKIPPED_ENDPOINTS]
    return sorted(rules, key=lambda rule: (rule.rule, rule.endpoint))


def _path_value(world: World, rule, converter: str, name: str) -> st.SearchStrategy[str]:
    real: list[str] = []
    if DESTRUCTIVE.get(rule.endpoint) != name:
        if name in world.ids:
            real = [str(world.ids[name])]
        elif name == "code":
            real = [world.session.join_code]
        elif name == "token":
            real = [world.session.projector_token]
    ints = numbers.map(str) | st.sampled_from(NASTY_TEXT)
    other = ints if converter.startswith("int") else texts
    return (st.sampled_from(real) | other) if real else other


def _path(rule, values: dict[str, str]) -> str:
    # Lone surrogates go out as the invalid UTF-8 bytes a broken client would send.
    return ARGUMENT.sub(
        lambda m: quote(values[m.group("name")], safe="", errors="surrogatepass"), rule.rule
    )


def _encoded(fields: dict[str, str]) -> str:
    return urlencode(fields, errors="surrogatepass")


@st.composite
def requests(draw, app: Flask, world: World, fields: list[str]) -> dict[str, Any]:
    """A random request for some rule of the app, from some kind of visitor."""
    rule = draw(st.sampled_from(_rules(app)))
    values = {
        m.group("name"): draw(_path_value(world, rule, m.group("converter") or "", m.group("name")))
        for m in ARGUMENT.finditer(rule.rule)
    }
    method = draw(st.sampled_from(sorted(rule.methods - {"HEAD", "OPTIONS"})))
    role = draw(st.sampled_from(["anonymous", "participant", "moderator"]))
    if role == "moderator" and rule.endpoint == "accounts.logout":
        role = "anonymous"  # the moderator's client stays logged in for later examples
    ids = [str(value) for value in world.ids.values()]
    field_names = st.sampled_from(fields) | texts
    field_values = st.sampled_from(ids) | texts
    body = draw(
        st.one_of(
            st.just({}),
            st.dictionaries(field_names, field_values, max_size=6).map(
                lambda d: {"data": _encoded(d), "content_type": "application/x-www-form-urlencoded"}
            ),
            st.dictionaries(field_names, json_values, max_size=6).map(lambda d: {"json": d}),
            json_values.map(lambda value: {"json": value}),
        )
    )
    query = draw(st.dictionaries(field_names, field_values, max_size=3))
    return {
        "role": role,
        "method": method,
        "path": _path(rule, values),
        "query": _encoded(query),
        "phase": draw(st.sampled_from(list(Phase))),
        **body,
    }


@pytest.fixture
def app(any_backend_app):
    """Every fixture of these tests on SQLite and on PostgreSQL in turn."""
    any_backend_app.config["JOIN_CODE_FAILURES_LIMIT"] = "1000000 per minute"
    any_backend_app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 1000000
    any_backend_app.config["LOGIN_FAILURES_PER_ADDRESS"] = 1000000
    return any_backend_app


def test_no_request_to_any_rule_answers_a_server_error(
    app, make_session, make_participant, moderator
):
    world = build_world(make_session, make_participant, moderator, "lobby")
    visitors = clients(app, world)
    fields = [*form_field_names(), f"q{world.ids['question_id']}", "score-1", "csrf_token"]
    session_id = world.session.id

    @settings(
        max_examples=EXAMPLES_PER_BACKEND,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request=requests(app, world, fields))
    def one_request(request: dict[str, Any]) -> None:
        db.session.rollback()
        db.session.execute(
            db.text("UPDATE design_sessions SET phase = :phase WHERE id = :id"),
            {"phase": request["phase"].name, "id": session_id},
        )
        db.session.commit()
        body = {k: request[k] for k in ("data", "json", "content_type") if k in request}
        visitor = visitors[request["role"]]
        response = visitor.open(
            request["path"], method=request["method"], query_string=request["query"], **body
        )
        response.close()
        # Nobody reads the messages flashed after redirects; piled up, they would overflow the
        # cookie and log the moderator out for every later example.
        with visitor.session_transaction() as cookie_session:
            cookie_session.pop("_flashes", None)
        # `pytest --hypothesis-show-statistics` shows how many requests got past the checks.
        event(f"{request['role']} {response.status_code}")
        assert response.status_code < 500, (request, response.get_data(as_text=True)[:500])

    one_request()
