"""Wrong join codes are limited per address; a hall behind one NAT typing the right code is not."""

from __future__ import annotations

HALL = {"REMOTE_ADDR": "203.0.113.10"}
GUESSER = {"REMOTE_ADDR": "198.51.100.66"}
#: The default budget: 30 wrong codes per address and 10 minutes
BUDGET = 30


def registration(number: int) -> dict[str, str]:
    """A valid registration form of the hall's participant `number`."""
    return {
        "full_name": f"Участник Номер {number}",
        "organisation": "ГБОУ СОШ № 496",
        "position": "учитель",
        "city": "Московский район",
        "consent": "y",
        "group": "auto",
    }


def unknown_code(session) -> str:
    """A six-digit code no session has."""
    return "100000" if session.join_code != "100000" else "100001"


def guess(client, code: str, environ=GUESSER):
    return client.post("/join", data={"code": code}, environ_base=environ)


def test_three_hundred_phones_behind_one_address_all_join(app, make_session):
    session = make_session(groups=2, capacity=200)
    for number in range(300):
        phone = app.test_client()
        entered = phone.post("/join", data={"code": session.join_code}, environ_base=HALL)
        assert entered.status_code == 302, number
        registered = phone.post(
            f"/s/{session.join_code}/register", data=registration(number), environ_base=HALL
        )
        assert registered.status_code == 302, (number, registered.status_code)
    assert len(session.participants) == 300


def test_a_guessing_address_is_limited_while_the_hall_keeps_joining(app, client, make_session):
    session = make_session()
    wrong = unknown_code(session)
    for _attempt in range(BUDGET):
        assert guess(client, wrong).status_code == 422
    assert guess(client, wrong).status_code == 429
    # Limited, the address cannot tell a right code from a wrong one any more.
    assert guess(client, session.join_code).status_code == 429
    assert client.get(f"/s/{session.join_code}/", environ_base=GUESSER).status_code == 429
    assert guess(client, session.join_code, environ=HALL).status_code == 302


def test_the_hall_is_not_limited_by_a_few_typos_among_right_codes(app, client, make_session):
    session = make_session()
    for number in range(200):
        code = unknown_code(session) if number % 10 == 0 else session.join_code
        assert guess(client, code, environ=HALL).status_code in (302, 422)
    assert guess(client, session.join_code, environ=HALL).status_code == 302


def test_unknown_codes_in_participant_addresses_count_too(app, client, make_session):
    session = make_session()
    wrong = unknown_code(session)
    paths = [f"/s/{wrong}/", f"/s/{wrong}/mic/state", f"/j/{wrong}", f"/s/{wrong}/register"]
    for attempt in range(BUDGET):
        response = client.get(paths[attempt % len(paths)], environ_base=GUESSER)
        assert response.status_code in (403, 404)
    assert client.get(f"/s/{wrong}/qr.svg", environ_base=GUESSER).status_code == 429


def test_missing_pages_of_a_real_session_do_not_count(app, client, make_session):
    session = make_session()
    for _attempt in range(BUDGET + 5):
        response = client.get(f"/s/{session.join_code}/models/999999", environ_base=GUESSER)
        assert response.status_code in (302, 404)
    assert guess(client, session.join_code).status_code == 302


def test_the_start_page_still_shows_to_a_limited_address(app, client, make_session):
    session = make_session()
    for _attempt in range(BUDGET + 1):
        guess(client, unknown_code(session))
    assert client.get("/join", environ_base=GUESSER).status_code == 200


def test_the_limit_page_says_in_russian_when_to_try_again(app, client, make_session):
    session = make_session()
    for _attempt in range(BUDGET):
        guess(client, unknown_code(session))
    response = guess(client, unknown_code(session))
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Из вашей сети введено слишком много неверных кодов подключения." in page
    assert "Попробуйте ещё раз после" in page
    # The window is 10 minutes; its end is counted in whole seconds, rounded up.
    assert 0 < int(response.headers["Retry-After"]) <= 601


def test_the_limit_page_speaks_english_to_an_english_visitor(app, client, make_session):
    session = make_session()
    for _attempt in range(BUDGET + 1):
        response = client.post(
            "/join?lang=en", data={"code": unknown_code(session)}, environ_base=GUESSER
        )
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many wrong join codes were typed from your network. Try again after" in page


def test_the_budget_follows_the_setting(app, client, make_session):
    app.config["JOIN_CODE_FAILURES_LIMIT"] = "3 per minute"
    session = make_session()
    for _attempt in range(3):
        assert guess(client, unknown_code(session)).status_code == 422
    assert guess(client, unknown_code(session)).status_code == 429


def test_a_moderator_in_a_limited_hall_still_sees_the_qr_code(
    app, client, moderator, login, make_session
):
    session = make_session()
    for _attempt in range(BUDGET):
        guess(client, unknown_code(session), environ=HALL)
    assert guess(app.test_client(), session.join_code, environ=HALL).status_code == 429
    login(moderator)
    response = client.get(f"/s/{session.join_code}/qr.svg", environ_base=HALL)
    assert response.status_code == 200
