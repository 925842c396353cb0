"""The pages: who may see and do what, refusals next to their cause, markup shown as text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from facilitator.engagement import comments, common, voting
from facilitator.engagement import mic as open_mic
from facilitator.engagement.models import (
    CommentUpvote,
    DotVote,
    MicHand,
    ModelComment,
    ModelRating,
    VotingMode,
)
from facilitator.extensions import db
from tests.engagement.conftest import configure


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def card(page: str, group_id: int) -> str:
    """The HTML of one model's card on the voting page."""
    match = re.search(
        rf'<li class="card vote-card[^"]*" id="model-{group_id}">(.*?)</li>', page, re.S
    )
    assert match, f"no card for model {group_id}"
    return match.group(1)


@pytest.fixture
def voting_session(make_session):
    return make_session(groups=3, phase="voting", title="Профориентация")


class TestWhoMayVote:
    def test_anonymous_visitors_are_sent_to_registration(self, client, voting_session):
        response = client.get(f"/s/{voting_session.join_code}/vote")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/s/{voting_session.join_code}/register")

    def test_anonymous_votes_are_refused_in_the_session_language(self, client, voting_session):
        response = client.post(
            f"/s/{voting_session.join_code}/vote/{voting_session.groups[0].id}",
            data={"dots": "1"},
        )
        assert response.status_code == 403
        assert "Это могут делать только участники этой сессии." in response.get_data(as_text=True)
        assert count(DotVote) == 0

    def test_a_participant_of_another_session_cannot_vote_here(
        self, voting_session, make_session, make_voter, as_participant
    ):
        stranger = make_voter(make_session(phase="voting"))
        response = as_participant(stranger).post(
            f"/s/{voting_session.join_code}/vote/{voting_session.groups[0].id}",
            data={"dots": "1"},
        )
        assert response.status_code == 403
        assert count(DotVote) == 0

    def test_an_unknown_code_is_not_found(self, client):
        assert client.get("/s/000000/vote").status_code == 404


class TestDotVotingPage:
    def test_the_page_shows_the_dots_left_and_a_card_per_model(
        self, voting_session, make_voter, as_participant
    ):
        voter = make_voter(voting_session, voting_session.groups[0])
        page = as_participant(voter).get(f"/s/{voting_session.join_code}/vote")
        text = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "У вас осталось 3 голоса из 3." in text
        assert "Не больше 2 голосов за одну модель." in text
        assert "Ваша группа" in card(text, voting_session.groups[0].id)
        other = card(text, voting_session.groups[1].id)
        assert 'name="dots" value="1"' in other and "Отдать голос за «Группа 2»" in other
        assert "Результаты покажут после окончания голосования." in text

    def test_a_dot_is_placed_and_the_page_counts_it(
        self, voting_session, make_voter, as_participant
    ):
        voter = make_voter(voting_session)
        client = as_participant(voter)
        group = voting_session.groups[1]
        response = client.post(f"/s/{voting_session.join_code}/vote/{group.id}", data={"dots": "2"})
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/vote#model-{group.id}")
        text = client.get(f"/s/{voting_session.join_code}/vote").get_data(as_text=True)
        assert "У вас остался 1 голос из 3." in text
        assert "2 голоса" in card(text, group.id)
        assert 'value="3"' in card(text, group.id) and "disabled" in card(text, group.id)

    def test_over_the_budget_the_reason_shows_next_to_the_model(
        self, voting_session, make_voter, as_participant
    ):
        voter = make_voter(voting_session)
        a, b, c = voting_session.groups
        voting.set_dots(voter, a.id, 2)
        voting.set_dots(voter, b.id, 1)
        response = as_participant(voter).post(
            f"/s/{voting_session.join_code}/vote/{c.id}", data={"dots": "1"}
        )
        assert response.status_code == 422
        assert "Все ваши 3 голоса уже отданы." in card(response.get_data(as_text=True), c.id)
        assert voting.ballot_of(voter).by_group == {a.id: 2, b.id: 1}

    def test_over_the_cap_is_refused(self, voting_session, make_voter, as_participant):
        voter = make_voter(voting_session)
        group = voting_session.groups[0]
        response = as_participant(voter).post(
            f"/s/{voting_session.join_code}/vote/{group.id}", data={"dots": "3"}
        )
        assert response.status_code == 422
        assert "Не больше 2 голосов за одну модель." in card(
            response.get_data(as_text=True), group.id
        )
        assert count(DotVote) == 0

    def test_own_group_is_refused_with_403(self, voting_session, make_voter, as_participant):
        own = voting_session.groups[0]
        voter = make_voter(voting_session, own)
        response = as_participant(voter).post(
            f"/s/{voting_session.join_code}/vote/{own.id}", data={"dots": "1"}
        )
        assert response.status_code == 403
        assert "Нельзя голосовать за модель своей группы." in response.get_data(as_text=True)
        assert count(DotVote) == 0

    def test_outside_the_voting_phase_it_is_refused_with_409(
        self, make_session, make_voter, as_participant
    ):
        session = make_session(phase="open_mic")
        voter = make_voter(session)
        client = as_participant(voter)
        response = client.post(
            f"/s/{session.join_code}/vote/{session.groups[0].id}", data={"dots": "1"}
        )
        assert response.status_code == 409
        assert "Голосование ещё не началось." in response.get_data(as_text=True)
        page = client.get(f"/s/{session.join_code}/vote").get_data(as_text=True)
        assert "Голосование ещё не началось. Голосовать вы будете на этой странице." in page
        assert 'name="dots"' not in page
        assert count(DotVote) == 0

    def test_a_model_of_another_session_is_refused_with_404(
        self, voting_session, make_session, make_voter, as_participant
    ):
        other = make_session(phase="voting")
        response = as_participant(make_voter(voting_session)).post(
            f"/s/{voting_session.join_code}/vote/{other.groups[0].id}", data={"dots": "1"}
        )
        assert response.status_code == 404
        assert "В этой сессии нет такой модели." in response.get_data(as_text=True)
        assert count(DotVote) == 0

    def test_fetch_calls_get_json(self, voting_session, make_voter, as_participant):
        client = as_participant(make_voter(voting_session))
        url = f"/s/{voting_session.join_code}/vote/{voting_session.groups[0].id}"
        headers = {"Accept": "application/json"}
        ok = client.post(url, data={"dots": "1"}, headers=headers)
        assert ok.status_code == 200
        body = ok.get_json()
        first, second = (str(group.id) for group in voting_session.groups[:2])
        assert {k: body[k] for k in ("ok", "used", "left")} == {"ok": True, "used": 1, "left": 2}
        assert body["on"] == {first: 1}
        # The page updates its counter and labels with these, without reloading.
        assert body["left_text"] == "У вас осталось 2 голоса из 3."
        assert body["labels"][first] == "1 голос"
        assert body["labels"][second] == "0 голосов"
        assert body["message"] == "Сохранено: 1 голос за «Группа 1». У вас осталось 2 голоса из 3."
        refused = client.post(url, data={"dots": "9"}, headers=headers)
        assert refused.status_code == 422
        assert refused.get_json() == {
            "ok": False,
            "error": "Не больше 2 голосов за одну модель.",
            "field": voting_session.groups[0].id,
        }

    def test_english_sessions_get_english_messages(self, make_session, make_voter, as_participant):
        session = make_session(phase="voting", language="en")
        voter = make_voter(session, session.groups[0])
        response = as_participant(voter).post(
            f"/s/{session.join_code}/vote/{session.groups[0].id}", data={"dots": "1"}
        )
        assert "You cannot vote for your own group&#39;s model." in response.get_data(as_text=True)


class TestResultsOnTheVotingPage:
    def test_hidden_results_show_once_voting_is_over_with_shared_places(
        self, voting_session, make_voter, as_participant
    ):
        a, b, _c = voting_session.groups
        voter = make_voter(voting_session)
        voting.set_dots(voter, a.id, 1)
        voting.set_dots(voter, b.id, 1)
        client = as_participant(voter)
        during = client.get(f"/s/{voting_session.join_code}/vote").get_data(as_text=True)
        assert "result-list" not in during

        voting_session.phase = "survey"
        db.session.commit()
        after = client.get(f"/s/{voting_session.join_code}/vote").get_data(as_text=True)
        assert "Голосование завершено. Спасибо!" in after
        places = re.findall(
            r'<span class="place"[^>]*>([^<]+)</span>\s*<span class="result-body">'
            r'\s*<span class="result-name">([^<]+)</span>',
            after,
        )
        assert places == [("1–2", "Группа 1"), ("1–2", "Группа 2"), ("3", "Группа 3")]

    def test_visible_results_show_during_the_voting(
        self, voting_session, make_voter, as_participant, moderator
    ):
        configure(voting_session, moderator, hide_results_until_closed=False)
        voter = make_voter(voting_session)
        voting.set_dots(voter, voting_session.groups[2].id, 2)
        text = (
            as_participant(voter).get(f"/s/{voting_session.join_code}/vote").get_data(as_text=True)
        )
        assert "result-list" in text and "Результаты покажут" not in text


class TestRatingPage:
    @pytest.fixture
    def rating_session(self, voting_session, moderator):
        configure(voting_session, moderator, voting_mode=VotingMode.rating)
        return voting_session

    def test_the_page_offers_one_to_five_per_criterion(
        self, rating_session, make_voter, as_participant
    ):
        text = (
            as_participant(make_voter(rating_session))
            .get(f"/s/{rating_session.join_code}/vote")
            .get_data(as_text=True)
        )
        group = rating_session.groups[0]
        model = card(text, group.id)
        assert "<legend>Практическая значимость</legend>" in model
        assert "<legend>Новизна</legend>" in model
        assert model.count('type="radio"') == 10
        assert "У вас осталось" not in text

    def test_scores_are_saved_and_shown_again(self, rating_session, make_voter, as_participant):
        voter = make_voter(rating_session)
        client = as_participant(voter)
        group = rating_session.groups[1]
        practical, novelty = (c.id for c in common.criteria_of(rating_session))
        response = client.post(
            f"/s/{rating_session.join_code}/rate/{group.id}",
            data={f"g{group.id}-score-{practical}": "4", f"g{group.id}-score-{novelty}": "5"},
        )
        assert response.status_code == 302
        model = card(
            client.get(f"/s/{rating_session.join_code}/vote").get_data(as_text=True), group.id
        )
        assert re.search(r'value="4"[^>]*checked|checked[^>]*value="4"', model)
        assert count(ModelRating) == 2

    def test_a_score_outside_one_to_five_shows_next_to_its_criterion(
        self, rating_session, make_voter, as_participant
    ):
        group = rating_session.groups[1]
        practical, novelty = (c.id for c in common.criteria_of(rating_session))
        response = as_participant(make_voter(rating_session)).post(
            f"/s/{rating_session.join_code}/rate/{group.id}",
            data={f"g{group.id}-score-{practical}": "4", f"g{group.id}-score-{novelty}": "7"},
        )
        assert response.status_code == 422
        model = card(response.get_data(as_text=True), group.id)
        fieldset = model.split("<legend>Новизна</legend>")[1].split("</fieldset>")[0]
        assert "Выберите оценку от 1 до 5." in fieldset
        assert response.get_data(as_text=True).count("Выберите оценку от 1 до 5.") == 1
        assert count(ModelRating) == 0

    def test_an_empty_rating_is_refused_on_its_card_only(
        self, rating_session, make_voter, as_participant
    ):
        group = rating_session.groups[2]
        response = as_participant(make_voter(rating_session)).post(
            f"/s/{rating_session.join_code}/rate/{group.id}", data={}
        )
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert "Поставьте оценку хотя бы по одному критерию." in card(text, group.id)
        assert text.count("Поставьте оценку хотя бы по одному критерию.") == 1


class TestOpenMicrophonePage:
    @pytest.fixture
    def mic_session(self, make_session):
        return make_session(phase="open_mic")

    def test_raising_a_hand_shows_the_place_in_the_queue(
        self, mic_session, make_voter, as_participant
    ):
        first, second = make_voter(mic_session), make_voter(mic_session)
        code = mic_session.join_code
        for person in (first, second):
            response = as_participant(person).post(f"/s/{code}/mic/raise", data={"about": ""})
            assert response.status_code == 302
        assert "Вы следующий в очереди." in as_participant(first).get(f"/s/{code}/mic").get_data(
            as_text=True
        )
        text = as_participant(second).get(f"/s/{code}/mic").get_data(as_text=True)
        assert "Вы 2-й в очереди." in text
        assert "В очереди 2 человека" in text

    def test_a_hand_raised_twice_is_refused_with_a_clear_message(
        self, mic_session, make_voter, as_participant
    ):
        client = as_participant(make_voter(mic_session))
        client.post(f"/s/{mic_session.join_code}/mic/raise", data={"about": ""})
        again = client.post(f"/s/{mic_session.join_code}/mic/raise", data={"about": ""})
        assert again.status_code == 409
        assert "Вы уже подняли руку: дождитесь своей очереди." in again.get_data(as_text=True)
        assert count(MicHand) == 1

    def test_raising_a_hand_outside_the_phase_is_refused(
        self, make_session, make_voter, as_participant
    ):
        session = make_session(phase="voting")
        client = as_participant(make_voter(session))
        response = client.post(f"/s/{session.join_code}/mic/raise", data={"about": ""})
        assert response.status_code == 409
        assert "Открытый микрофон сейчас не идёт." in response.get_data(as_text=True)
        assert count(MicHand) == 0

    def test_lowering_the_hand(self, mic_session, make_voter, as_participant):
        client = as_participant(make_voter(mic_session))
        client.post(f"/s/{mic_session.join_code}/mic/raise", data={"about": ""})
        response = client.post(f"/s/{mic_session.join_code}/mic/lower", follow_redirects=True)
        assert "Вы опустили руку." in response.get_data(as_text=True)
        assert open_mic.queue(mic_session).waiting == []

    def test_the_state_json_tells_the_place_and_changes_version(
        self, mic_session, make_voter, as_participant
    ):
        client = as_participant(make_voter(mic_session))
        before = client.get(f"/s/{mic_session.join_code}/mic/state").get_json()
        client.post(f"/s/{mic_session.join_code}/mic/raise", data={"about": ""})
        after = client.get(f"/s/{mic_session.join_code}/mic/state").get_json()
        assert (before["place"], after["place"], after["waiting"]) == (None, 1, 1)
        assert before["version"] != after["version"]


class TestCommentsPages:
    @pytest.fixture
    def open_session(self, make_session):
        return make_session(phase="presentations")

    def test_markup_is_shown_as_text(self, open_session, make_voter, as_participant):
        client = as_participant(make_voter(open_session))
        group = open_session.groups[0]
        response = client.post(
            f"/s/{open_session.join_code}/models/{group.id}/comments",
            data={"body": '<script>alert("x")</script><b>Смело</b>'},
            follow_redirects=True,
        )
        text = response.get_data(as_text=True)
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Смело&lt;/b&gt;" in text
        assert "<b>Смело</b>" not in text and '<script>alert("x")' not in text

    def test_an_overlong_comment_is_refused_next_to_the_field_and_kept_for_editing(
        self, open_session, make_voter, as_participant
    ):
        group = open_session.groups[0]
        response = as_participant(make_voter(open_session)).post(
            f"/s/{open_session.join_code}/models/{group.id}/comments", data={"body": "я" * 1200}
        )
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert re.search(
            r'<p class="error" id="body-error">Комментарий слишком длинный: 1200', text
        )
        assert "я" * 1200 in text
        assert count(ModelComment) == 0

    @pytest.mark.parametrize(
        ("language", "message"),
        [
            ("ru", "Уберите из текста управляющие символы."),
            ("en", "Remove the control characters from the text."),
        ],
    )
    def test_a_comment_the_form_refuses_is_shown_again_with_the_message_by_the_field(
        self, make_session, make_voter, as_participant, language, message
    ):
        # A C1 control (CSI) passes the app's input guard but not the form's character check.
        session = make_session(phase="presentations", language=language)
        group = session.groups[0]
        response = as_participant(make_voter(session)).post(
            f"/s/{session.join_code}/models/{group.id}/comments", data={"body": "Идея\x9b"}
        )
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert f'<p class="error" id="body-error">{message}</p>' in text
        assert "Идея" in text
        assert count(ModelComment) == 0

    def test_a_comment_the_form_refuses_is_a_json_error_for_fetch(
        self, open_session, make_voter, as_participant
    ):
        group = open_session.groups[0]
        response = as_participant(make_voter(open_session)).post(
            f"/s/{open_session.join_code}/models/{group.id}/comments",
            json={"body": "Идея\x9b"},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 422
        assert response.get_json() == {
            "ok": False,
            "error": "Уберите из текста управляющие символы.",
            "field": "body",
        }
        assert count(ModelComment) == 0

    def test_a_double_click_on_support_leaves_one_upvote(
        self, open_session, make_voter, as_participant
    ):
        comment = comments.add(make_voter(open_session), open_session.groups[0].id, "Идея")
        client = as_participant(make_voter(open_session))
        url = f"/s/{open_session.join_code}/comments/{comment.id}/upvote"
        for _ in range(2):
            assert client.post(url, data={"on": "1"}).status_code == 302
        assert count(CommentUpvote) == 1
        page = client.get(f"/s/{open_session.join_code}/models/{open_session.groups[0].id}")
        assert 'aria-pressed="true"' in page.get_data(as_text=True)

    def test_the_models_page_counts_visible_comments(
        self, open_session, make_voter, as_participant, moderator
    ):
        voter = make_voter(open_session)
        hidden = comments.add(voter, open_session.groups[0].id, "Скрыть")
        comments.add(voter, open_session.groups[0].id, "Оставить")
        comments.set_hidden(open_session, hidden.id, True, moderator)
        text = (
            as_participant(voter).get(f"/s/{open_session.join_code}/models").get_data(as_text=True)
        )
        assert "1 комментарий" in text
        model_page = (
            as_participant(voter)
            .get(f"/s/{open_session.join_code}/models/{open_session.groups[0].id}")
            .get_data(as_text=True)
        )
        assert "Оставить" in model_page and "Скрыть</p>" not in model_page

    def test_a_group_of_another_session_is_not_found(
        self, open_session, make_session, make_voter, as_participant
    ):
        other = make_session(phase="presentations")
        client = as_participant(make_voter(open_session))
        assert (
            client.get(f"/s/{open_session.join_code}/models/{other.groups[0].id}").status_code
            == 404
        )
        response = client.post(
            f"/s/{open_session.join_code}/models/{other.groups[0].id}/comments", data={"body": "x"}
        )
        assert response.status_code == 404
        assert count(ModelComment) == 0


class TestModeratorPages:
    PAGES = ("mic", "comments", "voting", "voting/settings")

    @pytest.mark.parametrize("page", PAGES)
    def test_anonymous_visitors_are_sent_to_log_in(self, client, make_session, page):
        session = make_session()
        response = client.get(f"/sessions/{session.id}/{page}")
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]

    @pytest.mark.parametrize("page", PAGES)
    def test_another_moderators_session_is_not_found(
        self, moderator_client, make_session, make_moderator, page
    ):
        session = make_session(owner=make_moderator())
        assert moderator_client.get(f"/sessions/{session.id}/{page}").status_code == 404

    def test_a_participant_cannot_run_the_microphone(
        self, make_session, make_voter, as_participant
    ):
        session = make_session(phase="open_mic")
        person = make_voter(session)
        open_mic.raise_hand(person)
        response = as_participant(person).post(f"/sessions/{session.id}/mic/next")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert open_mic.queue(session).speaker is None

    def test_the_tab_leads_to_the_microphone_queue(self, moderator_client, make_session):
        session = make_session()
        text = moderator_client.get(f"/sessions/{session.id}").get_data(as_text=True)
        assert f'href="/sessions/{session.id}/mic"' in text
        assert "Микрофон и голосование" in text

    def test_the_moderator_gives_the_floor_and_finishes(
        self, moderator_client, make_session, make_voter
    ):
        session = make_session(phase="open_mic")
        first = make_voter(session, full_name="Иванова Анна Сергеевна")
        second = make_voter(session, full_name="Петров Пётр")
        hand = open_mic.raise_hand(first)
        open_mic.raise_hand(second)
        page = moderator_client.get(f"/sessions/{session.id}/mic").get_data(as_text=True)
        assert "Дать слово следующему: Иванова Анна Сергеевна" in page
        assert "Петров Пётр" in page

        response = moderator_client.post(f"/sessions/{session.id}/mic/next", follow_redirects=True)
        text = response.get_data(as_text=True)
        assert "Слово предоставлено: Иванова Анна Сергеевна." in text
        assert re.search(r'class="floor-clock" data-floor-until="[^"]+\+00:00">[12]:\d\d', text)

        done = moderator_client.post(f"/sessions/{session.id}/mic/{hand.id}/done")
        assert done.status_code == 302
        assert open_mic.queue(session).speaker is None

    def test_a_refused_action_shows_why_with_409(self, moderator_client, make_session, make_voter):
        session = make_session(phase="open_mic")
        hand = open_mic.raise_hand(make_voter(session))
        response = moderator_client.post(f"/sessions/{session.id}/mic/{hand.id}/done")
        assert response.status_code == 409
        assert "У этого человека сейчас нет слова." in response.get_data(as_text=True)

    def test_hiding_a_comment_removes_it_for_participants(
        self, moderator_client, make_session, make_voter, as_participant
    ):
        session = make_session(phase="presentations")
        author = make_voter(session)
        comment = comments.add(author, session.groups[0].id, "Оскорбление")
        response = moderator_client.post(
            f"/sessions/{session.id}/comments/{comment.id}/hide", data={"hidden": "1"}
        )
        assert response.status_code == 302
        text = moderator_client.get(f"/sessions/{session.id}/comments").get_data(as_text=True)
        assert "Оскорбление" in text and "скрыт" in text and "Показать" in text
        page = as_participant(author).get(f"/s/{session.join_code}/models/{session.groups[0].id}")
        assert "Оскорбление" not in page.get_data(as_text=True)

    def test_the_moderator_sees_hidden_results_and_progress(
        self, moderator_client, make_session, make_voter
    ):
        session = make_session(phase="voting")
        voter = make_voter(session)
        make_voter(session)
        voting.set_dots(voter, session.groups[1].id, 2)
        text = moderator_client.get(f"/sessions/{session.id}/voting").get_data(as_text=True)
        assert "Проголосовали: 1 из 2 участников" in text
        assert "Отдано голосов: 2." in text
        assert "Участники пока не видят результатов." in text
        assert re.search(
            r'<span class="place"[^>]*>1</span>\s*<span class="result-body">\s*'
            r'<span class="result-name">Группа 2</span>',
            text,
        )

    def test_settings_are_saved(self, moderator_client, make_session):
        session = make_session()
        form = moderator_client.get(f"/sessions/{session.id}/voting/settings").get_data(
            as_text=True
        )
        assert "Практическая значимость\nНовизна" in form
        response = moderator_client.post(
            f"/sessions/{session.id}/voting/settings",
            data={
                "voting_mode": "rating",
                "dots_per_participant": "5",
                "max_dots_per_model": "3",
                "criteria": "Реалистичность\nНовизна\n",
                "speaker_seconds": "180",
                "hide_results_until_closed": "y",
            },
        )
        assert response.status_code == 302
        settings = common.settings_for(session)
        assert (
            settings.voting_mode,
            settings.dots_per_participant,
            settings.max_dots_per_model,
            settings.forbid_own_group,
            settings.hide_results_until_closed,
            settings.speaker_seconds,
        ) == (VotingMode.rating, 5, 3, False, True, 180)
        assert common.criteria_titles(session) == ["Реалистичность", "Новизна"]

    def test_a_cap_above_the_dots_is_refused_next_to_the_field(
        self, moderator_client, make_session
    ):
        session = make_session()
        response = moderator_client.post(
            f"/sessions/{session.id}/voting/settings",
            data={
                "voting_mode": "dots",
                "dots_per_participant": "2",
                "max_dots_per_model": "4",
                "criteria": "Новизна",
                "speaker_seconds": "120",
            },
        )
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert re.search(
            r'id="max_dots_per_model-error">От 1 до числа голосов у участника \(2\)', text
        )
        assert common.settings_for(session).dots_per_participant == 3


class _Balance(HTMLParser):
    """Counts container tags left open or closed twice."""

    CONTAINERS = {"div", "section", "form", "ol", "ul", "li", "nav", "fieldset", "main", "title"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.CONTAINERS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag not in self.CONTAINERS:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_every_page_is_well_nested_with_a_plain_title(
    moderator_client, make_session, make_voter, as_participant
):
    session = make_session(phase="voting")
    person = make_voter(session)
    voting.set_dots(person, session.groups[0].id, 1)
    comments_session = make_session(phase="open_mic")
    speaker = make_voter(comments_session)
    comments.add(speaker, comments_session.groups[0].id, "Вопрос")
    open_mic.raise_hand(speaker)
    pages = [
        (as_participant(person), f"/s/{session.join_code}/vote"),
        (as_participant(speaker), f"/s/{comments_session.join_code}/mic"),
        (as_participant(speaker), f"/s/{comments_session.join_code}/models"),
        (
            as_participant(speaker),
            f"/s/{comments_session.join_code}/models/{comments_session.groups[0].id}",
        ),
    ] + [
        (moderator_client, f"/sessions/{s.id}/{page}")
        for s in (session, comments_session)
        for page in ("mic", "comments", "voting", "voting/settings")
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        checker = _Balance()
        checker.feed(text)
        assert checker.problems == [] and checker.stack == [], url
        title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
        assert "<" not in title and title.strip(), url
