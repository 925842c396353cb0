"""Shared template helpers, and the refused forms built with them: each error has its own id, the
field refers to all of them, and the first field to correct is marked for the focus script."""

from __future__ import annotations

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField

from facilitator.templating import error_ids, invalid_attrs
from tests.form_errors import check_error_references, invalid_ids, loads_focus_script


def test_each_message_of_a_field_has_its_own_id():
    assert error_ids("title", []) == []
    assert error_ids("title", ["a"]) == ["title-error"]
    assert error_ids("title", ["a", "b", "c"]) == ["title-error", "title-error-2", "title-error-3"]


def test_only_a_control_with_messages_is_invalid():
    assert invalid_attrs([]) == {}
    assert invalid_attrs(["title-error", "title-error-2"]) == {
        "aria-invalid": "true",
        "aria-describedby": "title-error title-error-2",
    }


class _TwoFields(FlaskForm):
    title = StringField("Title")
    agree = BooleanField("Agree")


@pytest.mark.parametrize("name", ["title", "agree"])
def test_a_field_with_two_errors_is_described_by_both(app, name):
    with app.test_request_context():
        form = _TwoFields(meta={"csrf": False})
        form[name].errors = ["Too short.", "Not a word."]
        html = render_template_string(
            '{% from "_forms.html" import field %}{{ field(form[name]) }}', form=form, name=name
        )
    check_error_references(html)
    assert f'id="{name}-error">Too short.' in html
    assert f'id="{name}-error-2">Not a word.' in html
    assert f'aria-describedby="{name}-error {name}-error-2"' in html
    assert invalid_ids(html) == [name]


def _post(client, url: str, data: dict[str, str]) -> str:
    response = client.post(url, data=data)
    assert response.status_code == 422
    return response.get_data(as_text=True)


def _refused(html: str, first: str) -> None:
    check_error_references(html)
    assert invalid_ids(html)[0] == first
    assert loads_focus_script(html)


def test_a_refused_agenda_item_marks_its_first_wrong_field(moderator_client, make_session):
    session = make_session()
    url = f"/sessions/{session.id}/agenda"
    html = _post(moderator_client, url, {"starts_at": "12:00", "duration_minutes": "20"})
    _refused(html, "title")


def test_a_refused_survey_question_marks_its_first_wrong_field(moderator_client, make_session):
    session = make_session()
    html = _post(moderator_client, f"/sessions/{session.id}/survey", {"kind": "scale"})
    _refused(html, "title")


def test_a_refused_group_marks_its_first_wrong_field(moderator_client, make_session):
    session = make_session()
    html = _post(moderator_client, f"/sessions/{session.id}/groups", {"name": ""})
    _refused(html, "name")


def test_a_refused_co_moderator_marks_the_e_mail(moderator_client, make_session):
    session = make_session()
    html = _post(moderator_client, f"/sessions/{session.id}/team", {"email": "not an address"})
    _refused(html, "email")


def test_a_refused_new_session_marks_the_date_though_the_title_has_autofocus(moderator_client):
    html = _post(moderator_client, "/sessions/new", {"title": "Сессия", "starts_at": "10:00"})
    _refused(html, "date")


def test_a_refused_login_marks_the_password(client):
    html = _post(client, "/login", {"email": "someone@example.org", "password": ""})
    _refused(html, "password")


def test_a_refused_registration_marks_the_first_field_and_keeps_the_linked_summary(
    client, make_session
):
    session, other = make_session(), make_session()
    data = {"full_name": "Иванова Мария", "organisation": "", "position": "учитель"}
    data |= {"city": "", "group": str(other.groups[0].id)}
    html = _post(client, f"/s/{session.join_code}/register", data)
    _refused(html, "organisation")
    # The group's radios and the consent box are marked too, each described by its message.
    assert {"group-auto", "consent"} <= set(invalid_ids(html))
    assert '<li><a href="#group">' in html
