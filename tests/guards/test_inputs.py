"""Bad input is refused at the edge with a 4xx and a reason, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from facilitator.extensions import db
from facilitator.sessions.models import CreativeGroup
from tests.api.helpers import bearer
from tests.guards.world import DEVICE_COOKIE


@pytest.fixture
def app(any_backend_app):
    """Every fixture of these tests on SQLite and on PostgreSQL in turn."""
    return any_backend_app


@pytest.mark.parametrize(
    "path",
    [
        "/w/2147483648",
        "/w/99999999999999999999999999999999999999999999",
        "/sessions/2147483648",
        "/sessions/1/groups/31891817882/edit",
        "/s/123456/models/2147483648",
    ],
)
def test_ids_beyond_the_database_integer_are_no_such_page(client, path):
    assert client.get(path).status_code == 404


def test_the_largest_id_the_database_holds_is_looked_up_as_usual(moderator_client):
    assert moderator_client.get("/sessions/2147483647").status_code == 404


def test_api_ids_beyond_the_database_integer_are_not_found_in_json(client, moderator):
    from facilitator.api import tokens

    secret = tokens.issue(moderator, "Отчёт").secret
    response = client.get("/api/v1/sessions/31891817882", headers=bearer(secret))
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_unicode_digits_are_not_ids(client):
    assert client.get("/w/\u0663").status_code == 404


@pytest.mark.parametrize("path", ["/p/%00", "/s/%00/register", "/j/12%003", "/join?next=%00"])
def test_a_nul_byte_in_the_address_is_a_clear_bad_request(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "управляющие символы" in response.get_data(as_text=True)


@pytest.mark.parametrize("text", ["Анна\x00", "Анна\x07", "Анна\x1b[31m", "\x7f"])
def test_control_characters_in_a_public_registration_are_refused(client, make_session, text):
    session = make_session()
    response = client.post(
        f"/s/{session.join_code}/register",
        data={"full_name": text, "organisation": "Школа", "position": "учитель", "city": "СПб"},
    )
    assert response.status_code == 400
    assert "управляющие символы" in response.get_data(as_text=True)
    assert session.participants == []


def test_tabs_and_line_breaks_stay_allowed_in_multi_line_text(moderator_client, make_session):
    session = make_session(groups=0)
    response = moderator_client.post(
        f"/sessions/{session.id}/groups",
        data={"name": "Группа", "description": "Первая строка\r\n\tвторая", "capacity": "10"},
    )
    assert response.status_code == 302
    assert session.groups[0].description == "Первая строка\r\n\tвторая"


def test_a_nul_byte_in_the_device_cookie_is_no_device(client, make_session, make_participant):
    session = make_session()
    make_participant(session, device_id="a" * 30)
    client.set_cookie(DEVICE_COOKIE, "a" * 29 + "\x00")
    response = client.get(f"/s/{session.join_code}/")
    assert response.status_code == 302
    assert "/register" in response.headers["Location"]


@pytest.mark.parametrize("body", ["[1, 2]", "5", '"text"', "null", "true", "{not json"])
@pytest.mark.parametrize("path", ["/join", "/s/{code}/register", "/s/{code}/mic/raise"])
def test_a_json_body_that_is_not_an_object_is_refused_in_json(client, make_session, path, body):
    session = make_session()
    response = client.post(
        path.format(code=session.join_code), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON" in response.get_json()["message"]


@pytest.mark.parametrize("value", [5, 2147483648, 1.5, None, True, {"a": "b"}, [1]])
def test_a_json_form_field_that_is_not_text_is_refused_in_json(client, make_session, value):
    session = make_session()
    response = client.post(
        f"/s/{session.join_code}/register",
        json={"full_name": value, "organisation": "Школа", "position": "учитель", "city": "СПб"},
    )
    assert response.status_code == 400
    assert "full_name" in response.get_json()["message"]
    assert session.participants == []


def test_a_form_sent_as_a_json_object_of_strings_still_works(client, make_session):
    session = make_session()
    response = client.post("/join", json={"code": session.join_code})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{session.join_code}/register")


@pytest.mark.parametrize("capacity", ["abc", "2147483648", "-1", "1e5", "99999999999999999999"])
def test_a_capacity_that_is_not_a_small_number_is_a_form_error(
    moderator_client, make_session, capacity
):
    session = make_session(groups=0)
    response = moderator_client.post(
        f"/sessions/{session.id}/groups", data={"name": "Группа", "capacity": capacity}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="capacity-error"' in page
    assert db.session.query(CreativeGroup).filter_by(session_id=session.id).count() == 0


def test_an_unknown_question_kind_is_a_form_error(moderator_client, make_session):
    session = make_session()
    moderator_client.get(f"/sessions/{session.id}/survey")
    response = moderator_client.post(
        f"/sessions/{session.id}/survey",
        data={"title": "Вопрос", "kind": "nonsense", "scale_max": "5", "options": "а\nб"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="kind-error"' in page


def test_a_malformed_login_body_while_rate_limited_gets_the_limit_page(app, client, moderator):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 1
    environ = {"REMOTE_ADDR": "198.51.100.77"}
    wrong = {"email": moderator.email, "password": "wrong"}
    client.post("/login", data=wrong, environ_base=environ)
    response = client.post(
        "/login",
        data=b"\xff\xfe{not a form",
        content_type="multipart/form-data; boundary=x",
        environ_base=environ,
    )
    assert response.status_code in (400, 429)
    response = client.post("/login", json=[1, 2], environ_base=environ)
    assert response.status_code in (400, 429)


@pytest.mark.parametrize("about", ["2147483648", "99999999999999999999", "-5", "٣", "1e3"])
def test_a_hand_about_an_impossible_model_id_is_refused(
    client, make_session, make_participant, about
):
    session = make_session(phase="open_mic")
    participant = make_participant(session, device_id="d" * 30)
    client.set_cookie(DEVICE_COOKIE, participant.device_id)
    response = client.post(
        f"/s/{session.join_code}/mic/raise",
        data={"about": about},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 404
    assert response.get_json()["ok"] is False


def test_presenting_a_group_id_beyond_the_database_integer_is_refused(
    moderator_client, make_session
):
    session = make_session(phase="presentations")
    response = moderator_client.post(
        f"/sessions/{session.id}/live/present", data={"group_id": "2147483648"}
    )
    assert 400 <= response.status_code < 500


def test_a_body_over_the_size_limit_gets_the_too_large_page(app, client):
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/join", data={"code": too_big})
    assert response.status_code == 413
    assert "Файл слишком большой" in response.get_data(as_text=True)
    body = f'{{"code": "{too_big}"}}'
    response = client.post("/join", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]


def test_a_nul_byte_in_an_api_query_gets_the_api_error_body(client, moderator):
    from facilitator.api import tokens

    secret = tokens.issue(moderator, "Отчёт").secret
    response = client.get("/api/v1/sessions?page=%00", headers=bearer(secret))
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"
