"""The participant's survey page, the moderator's editor and results, and who may see what."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitator.extensions import db
from facilitator.survey import editor, services
from facilitator.survey.editor import QuestionSpec
from facilitator.survey.models import QuestionKind, SurveyOpening, SurveyResponse
from tests.conftest import PASSWORD
from tests.survey.conftest import default_answers, form_data, question

NBSP = "\u00a0"


def text(response) -> str:
    return response.get_data(as_text=True)


def responses() -> list[SurveyResponse]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SurveyResponse)))


def url(session) -> str:
    return f"/s/{session.join_code}/survey"


# --- the participant's page --------------------------------------------------------------------


def test_participant_sees_the_russian_questions_with_big_scale_buttons(
    survey_session, participant_client
):
    _participant, client = participant_client(survey_session)
    response = client.get(url(survey_session))
    page = text(response)
    assert response.status_code == 200
    assert "Анкета удовлетворённости" in page
    assert "Оцените форму проведения мероприятия" in page
    assert "Ваши пожелания" in page and "(необязательно)" in page
    assert page.count('type="radio"') == 2 + 5 + 5 + 2
    assert 'class="choices choices-scale"' in page
    assert "Ответы сохраняются с вашим именем" in page
    assert "Отправить ответы" in page


def test_english_session_shows_the_english_survey(make_session, participant_client):
    session = make_session(phase="survey", language="en")
    _participant, client = participant_client(session)
    page = text(client.get(url(session)))
    assert "Rate the practical value of what you learned" in page
    assert "Send my answers" in page


def test_answers_are_saved_and_shown_again_for_editing(survey_session, participant_client):
    participant, client = participant_client(survey_session)
    survey = services.ensure_survey(survey_session)
    response = client.post(url(survey_session), data=form_data(default_answers(survey)))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url(survey_session))
    page = text(client.get(url(survey_session)))
    assert "Спасибо! Ответы сохранены." in page
    assert "Вы уже ответили" in page and "Сохранить ответы" in page
    assert page.count("checked") == 4

    changed = default_answers(survey, format_mark=3, wishes="Больше практики")
    assert client.post(url(survey_session), data=form_data(changed)).status_code == 302
    assert "Ответы обновлены." in text(client.get(url(survey_session)))
    [saved] = responses()
    assert saved.participant_id == participant.id
    assert services.answers_of(saved)[question(survey, "format").id] == 3


def test_wrong_answers_are_marked_next_to_their_questions_and_nothing_is_saved(
    survey_session, participant_client
):
    _participant, client = participant_client(survey_session)
    survey = services.ensure_survey(survey_session)
    answers = default_answers(survey, format_mark=7)
    del answers[question(survey, "new_ideas").id]
    response = client.post(url(survey_session), data=form_data(answers))
    page = text(response)
    assert response.status_code == 422
    fmt, ideas = question(survey, "format").id, question(survey, "new_ideas").id
    assert f'<p class="error" id="q{fmt}-error" role="alert">Выберите оценку от 1 до 5.</p>' in page
    assert f'<p class="error" id="q{ideas}-error" role="alert">Ответьте на этот вопрос.</p>' in page
    assert "Исправьте отмеченные ответы." in page
    # What was chosen stays chosen.
    interesting = question(survey, "interesting_useful").id
    assert f'id="q{interesting}-0" name="q{interesting}" type="radio" value="yes"' in page
    assert responses() == []


def test_fields_of_unknown_questions_are_ignored(survey_session, participant_client):
    _participant, client = participant_client(survey_session)
    survey = services.ensure_survey(survey_session)
    data = form_data(default_answers(survey)) | {"q999999": "yes", "anything": "x"}
    assert client.post(url(survey_session), data=data).status_code == 302
    assert len(responses()) == 1


def test_anonymous_survey_says_what_anonymous_means(survey_session, participant_client, moderator):
    editor.set_anonymous(services.ensure_survey(survey_session), True, moderator)
    _participant, client = participant_client(survey_session)
    page = text(client.get(url(survey_session)))
    assert "Эта анкета анонимная." in page
    assert "нигде не показываются с вашим именем" in page
    assert "ответили один раз и могли изменить ответы" in page


def test_before_the_survey_phase_the_page_says_it_is_not_open_yet(make_session, participant_client):
    session = make_session(phase="group_work")
    _participant, client = participant_client(session)
    page = text(client.get(url(session)))
    assert "Анкета ещё не открыта" in page
    assert 'type="radio"' not in page


def test_closed_survey_shows_own_answers_read_only_and_refuses_changes(
    survey_session, participant_client
):
    _participant, client = participant_client(survey_session)
    survey = services.ensure_survey(survey_session)
    client.post(url(survey_session), data=form_data(default_answers(survey, format_mark=4)))
    survey_session.phase = "closed"
    db.session.commit()

    page = text(client.get(url(survey_session)))
    assert "Анкета закрыта." in page and "Спасибо за ответы!" in page
    assert "<fieldset disabled>" in page or " disabled>" in page
    assert "Сохранить ответы" not in page

    response = client.post(url(survey_session), data=form_data(default_answers(survey)))
    assert response.status_code == 409
    assert "Анкета закрыта, ответы не сохранены." in text(response)
    assert services.answers_of(responses()[0])[question(survey, "format").id] == 4


def test_moderator_closing_the_survey_refuses_answers(
    survey_session, participant_client, moderator
):
    survey = services.ensure_survey(survey_session)
    editor.set_opening(survey, SurveyOpening.closed, moderator)
    _participant, client = participant_client(survey_session)
    response = client.post(url(survey_session), data=form_data(default_answers(survey)))
    assert response.status_code == 409
    assert responses() == []


def test_user_text_is_escaped_on_the_participant_page(
    survey_session, participant_client, moderator
):
    survey = services.ensure_survey(survey_session)
    editor.add_question(
        survey,
        QuestionSpec(
            "<script>alert(1)</script>",
            QuestionKind.single_choice,
            hint="<b>hint</b>",
            options=("<i>one</i>", "two"),
        ),
        moderator,
    )
    _participant, client = participant_client(survey_session)
    page = text(client.get(url(survey_session)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>hint</b>" not in page and "<i>one</i>" not in page


# --- who may answer ----------------------------------------------------------------------------


def test_a_visitor_without_registration_is_sent_to_register(client, survey_session):
    survey = services.ensure_survey(survey_session)
    response = client.get(url(survey_session))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/{survey_session.join_code}/register")
    response = client.post(url(survey_session), data=form_data(default_answers(survey)))
    assert response.status_code == 302
    assert responses() == []


def test_a_participant_of_another_session_cannot_answer_this_one(
    survey_session, make_session, participant_client
):
    survey = services.ensure_survey(survey_session)
    _stranger, client = participant_client(make_session(phase="survey"))
    response = client.post(url(survey_session), data=form_data(default_answers(survey)))
    assert response.status_code == 302
    assert "/register" in response.headers["Location"]
    assert responses() == []


def test_unknown_code_is_404(client):
    assert client.get("/s/000000/survey").status_code == 404


# --- the moderator's pages ---------------------------------------------------------------------

MODERATOR_ROUTES = [
    ("GET", "/sessions/{s}/survey"),
    ("POST", "/sessions/{s}/survey"),
    ("GET", "/sessions/{s}/survey/questions/{q}/edit"),
    ("POST", "/sessions/{s}/survey/questions/{q}/edit"),
    ("POST", "/sessions/{s}/survey/questions/{q}/delete"),
    ("POST", "/sessions/{s}/survey/questions/{q}/move"),
    ("POST", "/sessions/{s}/survey/anonymity"),
    ("POST", "/sessions/{s}/survey/opening"),
    ("GET", "/sessions/{s}/survey/results"),
    ("GET", "/sessions/{s}/survey/results/state"),
]


@pytest.mark.parametrize(("method", "pattern"), MODERATOR_ROUTES)
def test_moderator_pages_need_a_login(client, survey_session, method, pattern):
    survey = services.ensure_survey(survey_session)
    path = pattern.format(s=survey_session.id, q=survey.questions[0].id)
    response = client.open(path, method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert len(services.ensure_survey(survey_session).questions) == 5


@pytest.mark.parametrize(("method", "pattern"), MODERATOR_ROUTES)
def test_another_moderator_gets_404_everywhere(
    client, make_moderator, make_session, method, pattern
):
    stranger = make_moderator()
    session = make_session(owner=make_moderator(), phase="survey")
    survey = services.ensure_survey(session)
    client.post("/login", data={"email": stranger.email, "password": PASSWORD})
    path = pattern.format(s=session.id, q=survey.questions[0].id)
    data = {
        "title": "Взлом",
        "kind": "text",
        "anonymous": "y",
        "opening": "closed",
        "direction": "down",
    }
    assert client.open(path, method=method, data=data).status_code == 404
    db.session.expire_all()
    assert len(survey.questions) == 5
    assert survey.opening == SurveyOpening.with_phase and not survey.anonymous


def test_a_question_of_another_session_is_404(moderator_client, make_session):
    mine = make_session(phase="survey")
    other = services.ensure_survey(make_session(phase="survey"))
    services.ensure_survey(mine)
    path = f"/sessions/{mine.id}/survey/questions/{other.questions[0].id}/edit"
    assert moderator_client.get(path).status_code == 404


def test_survey_tab_creates_the_default_survey_and_lists_it(moderator_client, make_session):
    session = make_session(phase="lobby")
    response = moderator_client.get(f"/sessions/{session.id}/survey")
    page = text(response)
    assert response.status_code == 200
    assert 'aria-current="page">Опрос</a>' in page
    assert "Оцените практическую значимость полученных знаний" in page
    assert "Ещё не открыта" in page
    assert "0 из 0 ответили" in page
    assert f"/s/{session.join_code}/survey" in page


def test_moderator_adds_a_question_or_sees_why_not(moderator_client, survey_session):
    base = f"/sessions/{survey_session.id}/survey"
    refused = moderator_client.post(
        base, data={"title": "Роль", "kind": "single_choice", "options": "Учитель"}
    )
    assert refused.status_code == 422
    assert "Укажите хотя бы два варианта, по одному в строке." in text(refused)
    response = moderator_client.post(
        base,
        data={
            "title": "Роль",
            "kind": "single_choice",
            "options": "Учитель\nРуководитель",
            "required": "y",
        },
    )
    assert response.status_code == 302
    survey = services.ensure_survey(survey_session)
    added = survey.questions[-1]
    assert (added.title, added.options, added.required) == (
        "Роль",
        ["Учитель", "Руководитель"],
        True,
    )
    assert "Вопрос «Роль» добавлен." in text(moderator_client.get(base))


def test_editing_an_answered_question_is_locked_to_its_wording(
    moderator_client, survey_session, make_participant
):
    survey = services.ensure_survey(survey_session)
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    fmt = question(survey, "format")
    path = f"/sessions/{survey_session.id}/survey/questions/{fmt.id}/edit"
    page = text(moderator_client.get(path))
    assert "На этот вопрос уже ответил 1 человек" in page
    assert page.count("disabled") >= 3
    response = moderator_client.post(
        path, data={"title": "Оцените формат", "kind": "text", "required": "y"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (fmt.title, fmt.kind, fmt.scale_max) == ("Оцените формат", QuestionKind.scale, 5)


def test_removing_asks_first_with_the_number_of_answers(
    moderator_client, survey_session, make_participant
):
    survey = services.ensure_survey(survey_session)
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    page = text(moderator_client.get(f"/sessions/{survey_session.id}/survey"))
    assert (
        'data-confirm="Удалить вопрос «Оцените форму проведения мероприятия» и 1 ответ на него?"'
        in page
    )
    assert 'data-confirm="Удалить вопрос «Ваши пожелания»?"' in page
    fmt = question(survey, "format")
    response = moderator_client.post(
        f"/sessions/{survey_session.id}/survey/questions/{fmt.id}/delete"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert "format" not in [q.key for q in survey.questions]


def test_moderator_reorders_questions(moderator_client, survey_session):
    survey = services.ensure_survey(survey_session)
    wishes = question(survey, "wishes")
    path = f"/sessions/{survey_session.id}/survey/questions/{wishes.id}/move"
    assert moderator_client.post(path, data={"direction": "up"}).status_code == 302
    assert moderator_client.post(path, data={"direction": "sideways"}).status_code == 400
    db.session.expire_all()
    assert [q.key for q in survey.questions][-2:] == ["wishes", "new_ideas"]


def test_moderator_opens_early_closes_and_switches_anonymity(moderator_client, make_session):
    session = make_session(phase="voting")
    base = f"/sessions/{session.id}/survey"
    moderator_client.get(base)
    assert moderator_client.post(f"{base}/opening", data={"opening": "open"}).status_code == 302
    survey = services.ensure_survey(session)
    assert survey.is_open
    assert "Анкета открыта: участники могут отвечать." in text(moderator_client.get(base))
    moderator_client.post(f"{base}/opening", data={"opening": "closed"})
    db.session.expire_all()
    assert not survey.is_open
    assert moderator_client.post(f"{base}/opening", data={"opening": "bogus"}).status_code == 400
    moderator_client.post(f"{base}/anonymity", data={"anonymous": "y"})
    db.session.expire_all()
    assert survey.anonymous


def test_anonymity_cannot_be_switched_off_after_answers(
    moderator_client, survey_session, make_participant, moderator
):
    survey = services.ensure_survey(survey_session)
    editor.set_anonymous(survey, True, moderator)
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    base = f"/sessions/{survey_session.id}/survey"
    moderator_client.post(f"{base}/anonymity", data={})
    db.session.expire_all()
    assert survey.anonymous
    assert "показать их имена теперь нельзя" in text(moderator_client.get(base))


# --- results -----------------------------------------------------------------------------------


def _answer_seed_poll(session, make_participant):
    survey = services.ensure_survey(session)
    for index in range(11):
        person = make_participant(session, full_name=f"Участник {index:02d}")
        answers = default_answers(
            survey,
            format_mark=5 if index < 10 else 4,
            value_mark=5 if index < 9 else 3,
            ideas=index < 6,
            wishes="<b>Больше практики</b>" if index == 0 else "",
        )
        services.submit(session, person, answers)
    make_participant(session)  # registered, did not answer
    return survey


def test_results_show_the_seed_figures_in_russian(
    moderator_client, survey_session, make_participant
):
    _answer_seed_poll(survey_session, make_participant)
    response = moderator_client.get(f"/sessions/{survey_session.id}/survey/results")
    page = text(response)
    assert response.status_code == 200
    assert "11 из 12 ответили" in page
    assert f"91,7{NBSP}%" in page
    assert f"«100{NBSP}% отметили, что мероприятие было интересно и полезно»" in page
    assert f"Высший балл (5): <strong>90,9{NBSP}%</strong>" in page
    assert f"Высший балл (5): <strong>81,8{NBSP}%</strong>" in page
    assert f'<strong>54,5{NBSP}%</strong> <span class="muted">(6)</span>' in page
    assert f"«90,9{NBSP}% поставили высший балл интересной форме проведения»" in page
    assert "средняя оценка: <strong>4,91</strong> из 5" in page
    assert "&lt;b&gt;Больше практики&lt;/b&gt;" in page and "<b>Больше" not in page
    assert "Участник 00" in page  # named survey: the text's author


def test_results_in_english_use_english_figures(moderator_client, make_session, make_participant):
    session = make_session(phase="survey", language="en")
    _answer_seed_poll(session, make_participant)
    page = text(moderator_client.get(f"/sessions/{session.id}/survey/results?lang=en"))
    assert "11 of 12 answered" in page
    assert "Top mark (5): <strong>90.9%</strong>" in page


def test_results_without_answers_say_so(moderator_client, survey_session):
    page = text(moderator_client.get(f"/sessions/{survey_session.id}/survey/results"))
    assert "0 из 0 ответили" in page
    assert "Ответов пока нет." in page
    assert "%" not in page.split("Результаты анкетирования</h2>")[1].split("</section>")[0]


def test_open_results_offer_a_refresh_instead_of_reloading_themselves(
    moderator_client, survey_session, make_participant
):
    page = text(moderator_client.get(f"/sessions/{survey_session.id}/survey/results"))
    assert 'http-equiv="refresh"' not in page
    state_url = f"/sessions/{survey_session.id}/survey/results/state"
    assert f'data-updates-url="{state_url}" data-version="0"' in page
    assert "Обновить результаты" in page
    assert moderator_client.get(state_url).get_json() == {"version": "0", "answered": 0}
    survey = services.ensure_survey(survey_session)
    services.submit(survey_session, make_participant(survey_session), default_answers(survey))
    assert moderator_client.get(state_url).get_json() == {"version": "1", "answered": 1}


def test_anonymous_results_show_no_names(
    moderator_client, survey_session, make_participant, moderator
):
    editor.set_anonymous(services.ensure_survey(survey_session), True, moderator)
    _answer_seed_poll(survey_session, make_participant)
    page = text(moderator_client.get(f"/sessions/{survey_session.id}/survey/results"))
    assert "Анкета анонимная: имена не показываются." in page
    assert "Больше практики" in page
    assert "Участник" not in page.split('class="tab-panel"')[1]


def test_results_of_choice_questions_count_every_option(
    moderator_client, survey_session, make_participant, moderator
):
    survey = services.ensure_survey(survey_session)
    for q in survey.questions:
        q.required = False
    db.session.commit()
    multi = editor.add_question(
        survey,
        QuestionSpec("Что полезно?", QuestionKind.multiple_choice, options=("Доклады", "Группы")),
        moderator,
    )
    for chosen in (["Доклады", "Группы"], ["Группы"], ["Группы"]):
        services.submit(survey_session, make_participant(survey_session), {multi.id: chosen})
    page = text(moderator_client.get(f"/sessions/{survey_session.id}/survey/results"))
    assert f'<strong>33,3{NBSP}%</strong> <span class="muted">(1)</span>' in page
    assert f'<strong>100{NBSP}%</strong> <span class="muted">(3)</span>' in page
    assert "сумма долей может быть больше ста" in page


def test_a_closed_survey_refuses_even_wrong_answers_as_closed(survey_session, participant_client):
    _participant, client = participant_client(survey_session)
    survey = services.ensure_survey(survey_session)
    survey_session.phase = "closed"
    db.session.commit()
    response = client.post(url(survey_session), data=form_data({survey.questions[1].id: "99"}))
    assert response.status_code == 409
    assert "Анкета закрыта, ответы не сохранены." in text(response)
    assert "Выберите оценку" not in text(response)


def test_answers_sent_before_the_survey_opens_are_refused(make_session, participant_client):
    session = make_session(phase="open_mic")
    survey = services.ensure_survey(session)
    _participant, client = participant_client(session)
    response = client.post(url(session), data=form_data(default_answers(survey)))
    assert response.status_code == 409
    assert "Анкета ещё не открыта, ответы не сохранены." in text(response)
    assert responses() == []
