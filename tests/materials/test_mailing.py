"""E-mailing the group materials, against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import io

import pytest
from docx import Document

from facilitator.extensions import db
from facilitator.materials import mailing
from facilitator.sessions.phases import Phase
from tests.materials.helpers import docx_text
from tests.materials.real_session import TITLES, build_real_session
from tests.materials.smtp import REFUSED, SENDER, USER, free_port


@pytest.fixture
def real(app, make_session, make_participant, moderator):
    """A closed session: 12 participants, 10 with an e-mail."""
    return build_real_session(make_session, make_participant, moderator)


def test_each_participant_with_an_email_gets_the_group_materials(real, smtp_server, moderator):
    result = mailing.send_group_materials(real.session, moderator)
    assert len(result.sent) == 10 and result.failed == () and result.without_email == 2
    assert smtp_server.logins == [USER]
    assert sorted(to[0] for _sender, to in smtp_server.envelopes) == sorted(
        f"p{n}@example.org" for n in range(10)
    )
    assert {sender for sender, _to in smtp_server.envelopes} == {"noreply@imc.example.org"}
    message = next(m for m in smtp_server.messages if "p0@example.org" in m["To"])
    assert message["Subject"] == (
        "Наработанные материалы: Модели взаимодействия школы с социальными партнёрами"
    )
    assert message["To"].addresses[0].display_name == "Участникова Анна 01"
    assert message["From"].addresses[0].display_name == "ИМЦ Московского района"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Здравствуйте, Участникова Анна 01!")
    assert "«Модели взаимодействия школы с социальными партнёрами»" in body
    assert "27 марта 2023 года" in body
    assert "Контактное лицо: Кузьмин Дмитрий Александрович, 241-37-98" in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "group-materials-2023-03-27.docx"
    assert attachment.get_content_type().endswith("wordprocessingml.document")
    data = attachment.get_content()
    Document(io.BytesIO(data))  # opens as Word
    text = docx_text(data)
    assert all(title in text for title in TITLES)
    assert "Модель получила семь голосов и заняла первое место." in text


def test_english_session_gets_an_english_subject(real, smtp_server, moderator):
    real.session.language = "en"
    db.session.commit()
    mailing.send_group_materials(real.session, moderator)
    message = smtp_server.messages[0]
    assert message["Subject"] == (
        "Group materials: Модели взаимодействия школы с социальными партнёрами"
    )
    assert message.get_body(("plain",)).get_content().startswith("Dear Участникова Анна")


def test_a_refused_address_is_reported_and_the_others_still_get_theirs(
    real, smtp_server, moderator
):
    smtp_server.refuse.add(REFUSED)
    result = mailing.send_group_materials(real.session, moderator)
    assert len(result.sent) == 9 and REFUSED not in result.sent
    assert result.failed == ((REFUSED, "550 5.1.1 No such mailbox"),)
    assert len(smtp_server.messages) == 9
    assert smtp_server.logins == [USER]  # one connection for everyone


def test_participants_sharing_an_address_get_one_message(real, smtp_server, moderator):
    real.people[1].email = "P0@Example.org"
    db.session.commit()
    result = mailing.send_group_materials(real.session, moderator)
    assert len(result.sent) == 9
    assert mailing.audience(real.session).without_email == 2


def test_nothing_is_sent_before_the_session_is_closed(real, smtp_server, moderator):
    real.session.phase = Phase.survey
    db.session.commit()
    with pytest.raises(mailing.MailingError, match="после завершения сессии"):
        mailing.send_group_materials(real.session, moderator)
    assert smtp_server.messages == []


def test_without_smtp_settings_mailing_is_refused(real, app, moderator):
    assert mailing.mail_settings() is None
    assert not mailing.readiness(real.session).can_send
    with pytest.raises(mailing.MailingError, match="не настроена"):
        mailing.send_group_materials(real.session, moderator)


def test_an_unreachable_server_is_reported(real, app, moderator):
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_STARTTLS=False, MAIL_FROM=SENDER
    )
    with pytest.raises(mailing.MailingError, match="Не удалось подключиться"):
        mailing.send_group_materials(real.session, moderator)


def test_a_wrong_password_is_reported(real, smtp_server, app, moderator):
    app.config["SMTP_PASSWORD"] = "wrong"
    with pytest.raises(mailing.MailingError, match="535"):
        mailing.send_group_materials(real.session, moderator)
    assert smtp_server.messages == []


def test_settings_come_from_the_config():
    config = {
        "SMTP_HOST": "smtp.example.org",
        "SMTP_PORT": "465",
        "MAIL_FROM": "noreply@example.org",
        "SMTP_STARTTLS": False,
    }
    settings = mailing.MailSettings.from_config(config)
    assert settings == mailing.MailSettings(
        host="smtp.example.org", port=465, sender="noreply@example.org", starttls=False
    )
    assert mailing.MailSettings.from_config({"SMTP_HOST": "smtp.example.org"}) is None
