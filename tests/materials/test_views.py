"""The materials pages: downloads, the post-release editor, permissions, participants' page."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from facilitator.extensions import db
from facilitator.materials import drafts, mailing_jobs
from facilitator.materials.models import MailingState, RecipientState
from facilitator.materials.views import PARAGRAPH_LABELS, mailing_report
from facilitator.materials.wording import en, ru
from tests.materials.helpers import docx_text, plain
from tests.materials.test_mailing_jobs import finished, stored_mailing


@pytest.fixture
def stored(demo_session, use_sources):
    """The demo session, with pages gathering from its sample sources."""
    use_sources(demo_session.sources)
    return demo_session.session


def test_materials_page_lists_every_file_with_a_download_button(moderator_client, stored):
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    for key in ("post-release", "group-materials", "results", "participants", "bundle"):
        assert f"/sessions/{stored.id}/materials/download/{key}" in page
    assert "Пост-релиз" in page and "Книга результатов" in page
    assert "post-release-2023-03-27.docx" in page
    assert "23 участника" in page


@pytest.mark.parametrize(
    ("key", "mimetype", "filename"),
    [
        ("post-release", "wordprocessingml", "post-release-2023-03-27.docx"),
        ("group-materials", "wordprocessingml", "group-materials-2023-03-27.docx"),
        ("results", "spreadsheetml", "results-2023-03-27.xlsx"),
        ("participants", "text/csv", "participants-2023-03-27.csv"),
        ("bundle", "application/zip", "materials-2023-03-27.zip"),
        ("post-release-pdf", "application/pdf", "post-release-2023-03-27.pdf"),
        ("group-materials-pdf", "application/pdf", "group-materials-2023-03-27.pdf"),
        ("results-letter", "wordprocessingml", "results-letter-2023-03-27.docx"),
        ("results-letter-pdf", "application/pdf", "results-letter-2023-03-27.pdf"),
        ("vk-post", "text/plain", "post-vk-2023-03-27.txt"),
        ("web-post", "text/html", "post-website-2023-03-27.html"),
    ],
)
def test_each_file_downloads_with_its_type_and_name(
    moderator_client, stored, key, mimetype, filename
):
    response = moderator_client.get(f"/sessions/{stored.id}/materials/download/{key}")
    assert response.status_code == 200
    assert mimetype in response.mimetype
    assert response.headers["Content-Type"].count("charset") <= 1
    assert filename in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_data()
    if key == "results":
        assert load_workbook(io.BytesIO(data))["Участники"].max_row == 24
    if key == "bundle":
        assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == 10
    if key.endswith("pdf"):
        assert data.startswith(b"%PDF-")


def test_unknown_file_is_not_found(moderator_client, stored):
    assert (
        moderator_client.get(f"/sessions/{stored.id}/materials/download/secrets").status_code == 404
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client, stored):
    for path in ("", "/post-release", "/download/bundle"):
        response = client.get(f"/sessions/{stored.id}/materials{path}")
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    assert client.post(f"/sessions/{stored.id}/materials/sharing").status_code == 302


def test_another_moderator_gets_not_found(client, stored, make_moderator, login):
    login(make_moderator())
    for path in ("", "/post-release", "/download/post-release"):
        assert client.get(f"/sessions/{stored.id}/materials{path}").status_code == 404
    response = client.post(f"/sessions/{stored.id}/materials/post-release", data={"p-theme": "x"})
    assert response.status_code == 404
    assert drafts.stored_edits(stored) == {}


def test_editor_shows_a_textarea_per_paragraph_prefilled_from_the_data(moderator_client, stored):
    page = moderator_client.get(f"/sessions/{stored.id}/materials/post-release").get_data(
        as_text=True
    )
    for key in ("heading", "opening", "participants", "talks", "models", "survey", "contact"):
        assert f'name="p-{key}"' in page
    assert "90,9\u00a0% поставили высший балл" in page
    assert 'name="csrf_token"' in page


def test_an_edited_paragraph_is_kept_and_appears_in_the_downloaded_file(moderator_client, stored):
    url = f"/sessions/{stored.id}/materials/post-release"
    response = moderator_client.post(
        url, data={"p-theme": "Своя формулировка темы.", "action": "save"}
    )
    assert response.status_code == 302
    assert drafts.stored_edits(stored) == {"theme": "Своя формулировка темы."}
    page = moderator_client.get(url).get_data(as_text=True)
    assert "Своя формулировка темы." in page and "Вернуть составленный текст" in page
    response = moderator_client.post(
        url, data={"p-contact": "Звоните: 241-37-98.", "action": "download"}
    )
    assert response.headers["Location"].endswith("/materials/download/post-release")
    text = docx_text(moderator_client.get(response.headers["Location"]).get_data())
    assert "Своя формулировка темы." in text
    assert "Звоните: 241-37-98." in text
    assert "Тема дизайн-сессии" not in text
    assert "В работе дизайн-сессии приняли участие 23 человека" in plain(text)


def test_reset_brings_one_paragraph_back_and_keeps_the_others(moderator_client, stored):
    url = f"/sessions/{stored.id}/materials/post-release"
    moderator_client.post(url, data={"p-theme": "Своя тема.", "p-contact": "Свой контакт."})
    moderator_client.post(
        url, data={"p-theme": "Своя тема.", "p-contact": "Свой контакт!", "reset": "theme"}
    )
    assert drafts.stored_edits(stored) == {"contact": "Свой контакт!"}


def test_sharing_form_turns_the_participants_page_on_and_off(moderator_client, stored):
    url = f"/sessions/{stored.id}/materials/sharing"
    assert moderator_client.post(url, data={"share": "1"}).status_code == 302
    assert drafts.shared_with_participants(stored)
    moderator_client.post(url, data={"share": "0"})
    assert not drafts.shared_with_participants(stored)


def _as_participant(client, session):
    participant = session.participants[0]
    client.set_cookie("facilitator_device", participant.device_id, domain="localhost")
    return participant


def test_participants_page_needs_a_closed_shared_session_and_registration(
    client, stored, moderator
):
    url = f"/m/{stored.join_code}"
    assert client.get(url).status_code == 404  # not shared
    drafts.set_sharing(stored, True, moderator)
    assert client.get(url).status_code == 404  # not a participant
    _as_participant(client, stored)
    page = client.get(url)
    assert page.status_code == 200
    assert "От идеи к профессиональному проекту" in page.get_data(as_text=True)
    response = client.get(f"{url}/group-materials")
    assert response.status_code == 200
    assert "group-materials-2023-03-27.docx" in response.headers["Content-Disposition"]
    assert "1.1. Идея" in docx_text(response.get_data())
    stored.phase = "group_work"
    db.session.commit()
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/group-materials").status_code == 404


def test_participants_page_of_an_unknown_code_is_not_found(client):
    assert client.get("/m/000000").status_code == 404


def test_session_pages_have_a_materials_tab(moderator_client, stored):
    page = moderator_client.get(f"/sessions/{stored.id}").get_data(as_text=True)
    assert f'href="/sessions/{stored.id}/materials"' in page and ">Материалы</a>" in page
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert f'<a href="/sessions/{stored.id}/materials" aria-current="page">Материалы</a>' in page


def test_participants_home_links_the_materials_only_when_closed_and_shared(
    client, stored, moderator
):
    _as_participant(client, stored)
    home = f"/s/{stored.join_code}/"
    link = f'href="/m/{stored.join_code}"'
    assert link not in client.get(home).get_data(as_text=True)  # closed, not shared
    drafts.set_sharing(stored, True, moderator)
    # The "now" card of the live pages shows it; once, not twice.
    assert client.get(home).get_data(as_text=True).count(link) == 1
    stored.phase = "voting"
    db.session.commit()
    assert link not in client.get(home).get_data(as_text=True)


def test_mailing_button_is_disabled_with_a_reason_when_smtp_is_not_set_up(moderator_client, stored):
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert "Рассылка участникам" in page
    assert "23 адреса для рассылки" in page
    assert "0 участников не указали e-mail" in page
    assert "Отправка почты на этом сервере не настроена" in page and "SMTP_HOST" in page
    assert 'disabled aria-describedby="mailing-why">Разослать материалы участникам' in page
    response = moderator_client.post(f"/sessions/{stored.id}/materials/send")
    assert response.status_code == 302
    page = moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Отправка почты на этом сервере не настроена." in page


def test_mailing_waits_for_the_session_to_close(app, moderator_client, stored):
    app.config.update(SMTP_HOST="127.0.0.1", MAIL_FROM="noreply@example.org")
    stored.phase = "survey"
    db.session.commit()
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert "Материалы можно разослать после завершения сессии." in page
    assert "disabled" in page.split("Разослать материалы участникам")[0].rsplit("<button", 1)[1]


def test_mailing_form_asks_first_and_carries_a_csrf_token(app, moderator_client, stored):
    app.config.update(SMTP_HOST="127.0.0.1", MAIL_FROM="noreply@example.org")
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    form = page.split(f'action="/sessions/{stored.id}/materials/send"')[1].split("</form>")[0]
    assert 'data-confirm="Разослать наработанные материалы на 23 адреса?"' in form
    assert 'name="csrf_token"' in form
    assert "disabled" not in form
    app.config["WTF_CSRF_ENABLED"] = True
    assert moderator_client.post(f"/sessions/{stored.id}/materials/send").status_code == 400


def test_another_moderator_cannot_send_the_materials(client, stored, make_moderator, login):
    login(make_moderator())
    assert client.post(f"/sessions/{stored.id}/materials/send").status_code == 404


def test_mailing_report_says_how_many_were_sent_failed_and_had_no_email(app):
    result = mailing_jobs.Progress(
        id=1,
        state=MailingState.STOPPED,
        total=4,
        sent=2,
        failed=1,
        without_email=5,
        problem="the connection to the mail server was lost",
        refused=(("c@example.org", "550 No such mailbox"),),
    )
    with app.test_request_context():
        messages = mailing_report(result)
    assert messages == [
        ("success", "Материалы отправлены на 2 адреса."),
        ("error", "Не доставлено на 1 адрес: c@example.org (550 No such mailbox)."),
        ("error", "Рассылка остановилась: the connection to the mail server was lost"),
        ("info", "5 участников не указали e-mail и ничего не получили."),
    ]
    assert result.resumable and result.pending == 1


def test_sending_from_the_page_runs_in_the_background_and_the_page_reports_it(
    moderator_client, stored, smtp_server
):
    stored.participants[0].email = None
    stored.participants[1].email = ""
    db.session.commit()
    response = moderator_client.post(f"/sessions/{stored.id}/materials/send")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{stored.id}/materials#mailing-heading")
    page = moderator_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Рассылка началась" in page

    progress = finished(stored)

    assert (progress.sent, progress.total) == (21, 21)
    live = moderator_client.get(f"/sessions/{stored.id}/materials/sending").get_json()
    assert live == {
        "id": progress.id,
        "state": "done",
        "total": 21,
        "sent": 21,
        "failed": 0,
        "pending": 0,
    }
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert "Материалы отправлены на 21 адрес." in page
    assert "2 участника не указали e-mail и ничего не получили." in page
    assert "Разослать всем ещё раз" in page
    assert "21 адрес уже получил материалы. Разослать их снова по всем адресам (всего: 21)?" in page
    assert len(smtp_server.messages) == 21


def test_a_running_mailing_shows_its_progress_and_blocks_a_second_one(
    moderator_client, stored, smtp_server, moderator
):
    states = [RecipientState.SENT] * 5 + [RecipientState.PENDING] * 18
    stored_mailing(stored, moderator, states, beat_ago=dt.timedelta())
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert 'data-state="running"' in page
    assert '<progress max="23" value="5"' in page
    assert "Рассылка: обработано 5 из 23." in page
    assert "Материалы уже рассылаются." in page
    assert "js/mailing.js" in page
    moderator_client.post(f"/sessions/{stored.id}/materials/send")
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert "Материалы уже рассылаются." in page
    assert smtp_server.messages == []


def test_an_interrupted_mailing_offers_to_send_to_the_rest(
    moderator_client, stored, smtp_server, moderator
):
    states = [RecipientState.SENT] * 20 + [RecipientState.PENDING] * 3
    stored_mailing(stored, moderator, states, beat_ago=dt.timedelta(hours=1))
    page = moderator_client.get(f"/sessions/{stored.id}/materials").get_data(as_text=True)
    assert "Рассылка прервалась: сервер перезапустился." in page
    assert "Отправить на оставшиеся 3 адреса" in page
    response = moderator_client.post(f"/sessions/{stored.id}/materials/send/rest")
    assert response.status_code == 302
    assert finished(stored).sent == 23
    assert len(smtp_server.messages) == 3


def test_another_moderator_cannot_see_or_resume_a_mailing(
    client, stored, make_moderator, login, moderator
):
    states = [RecipientState.PENDING] * 23
    stored_mailing(stored, moderator, states, beat_ago=dt.timedelta(hours=1))
    login(make_moderator())
    assert client.get(f"/sessions/{stored.id}/materials/sending").status_code == 404
    assert client.post(f"/sessions/{stored.id}/materials/send/rest").status_code == 404


def test_every_paragraph_of_the_draft_editor_has_a_label_in_both_languages():
    for wording in (ru, en):
        missing = [key for key in wording.PARAGRAPH_KEYS if key not in PARAGRAPH_LABELS]
        assert missing == [], f"{wording.__name__}: no label for {missing}"
