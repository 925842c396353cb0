"""Publishing the next morning: a real session's documents on every channel, fetched as users do.

The session runs through the real services; its preparation facts are typed into the session's
edit form, and every document is downloaded from the materials page.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from pypdf import PdfReader

from facilitator.extensions import db
from facilitator.materials.web_post import VK_MAX_CHARS
from facilitator.sessions.models import AgendaItem
from facilitator.sessions.phases import AgendaKind
from tests.materials.helpers import docx_text, open_docx
from tests.materials.real_session import TITLES, build_real_session
from tests.services import soffice_path

NBSP = "\u00a0"
CO_ORGANISERS = "Городской методический центр\nИнформационно-методический центр"
OFFICIAL = "Хрупенкова Екатерина Анатольевна, начальник сектора отдела образования"
MODERATORS = (
    "Неверова Вера Васильевна, председатель комитета воспитания\n"
    "Лыжина Надежда Петровна, директор ОГБУ «Региональный центр развития образования»"
)
MUSEUM = "По завершении мероприятия гости посетили с экскурсией школьный музей"
THANKS = "Участники высказали благодарность за проведённое мероприятие"
POST_URL = "https://vk.com/public207700822?w=wall-207700822_572"
BAD_SENTENCES = (
    "не проводилось",
    "не поступило",
    "Прозвучал доклад",
    "прозвучал доклад",
    "% участников)",
    "пока нет",
    "Раздел не заполнен",
    "Голосов нет",
)


def _form(session, **changes) -> dict[str, str]:
    values = {
        "title": session.title,
        "kind": session.kind.value,
        "theme": session.theme,
        "date": session.date.isoformat(),
        "starts_at": session.starts_at.strftime("%H:%M"),
        "ends_at": session.ends_at.strftime("%H:%M") if session.ends_at else "",
        "venue": session.venue,
        "host_organisation": session.host_organisation,
        "co_organisers": session.co_organisers,
        "framing_event": session.framing_event,
        "language": session.language,
        "contact_name": session.contact_name,
        "contact_phone": session.contact_phone,
        "others_may_view_models": "y",
    }
    return values | changes


@pytest.fixture
def published(app, make_session, make_participant, moderator, moderator_client):
    """The real session, its facts entered on the edit page, every file downloaded."""
    real = build_real_session(make_session, make_participant, moderator)
    session = real.session
    session.agenda.extend(
        [
            AgendaItem(
                position=0,
                starts_at=session.starts_at,
                duration_minutes=15,
                kind=AgendaKind.talk,
                title="Профориентация в школе: что изменилось",
            ),
            AgendaItem(
                position=1,
                starts_at=session.starts_at,
                duration_minutes=15,
                kind=AgendaKind.talk,
                title="Управление проектами в школе",
                speaker="Кравцов Алексей Олегович",
                speaker_credentials="к.п.н., доцент РГПУ им. А.И. Герцена",
            ),
        ]
    )
    db.session.commit()
    response = moderator_client.post(
        f"/sessions/{session.id}/edit",
        data=_form(
            session,
            co_organisers=CO_ORGANISERS,
            framing_event="Летний лагерь педагогов",
            officials=OFFICIAL,
            moderators_note=MODERATORS,
            cultural_programme=MUSEUM,
            closing_thanks=THANKS,
            post_url=POST_URL,
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    files = {}
    for key in (
        "post-release",
        "post-release-pdf",
        "group-materials",
        "group-materials-pdf",
        "results-letter",
        "results-letter-pdf",
        "vk-post",
        "web-post",
        "bundle",
    ):
        response = moderator_client.get(f"/sessions/{session.id}/materials/download/{key}")
        assert response.status_code == 200, key
        files[key] = response.data
    return files


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    """Text with every kind of space as one plain space, for comparing facts across formats."""
    return re.sub(r"[\s\u00a0]+", " ", text)


def test_the_post_release_says_only_what_happened_in_correct_russian(published):
    text = _flat(docx_text(published["post-release"]))
    for bad in BAD_SENTENCES:
        assert bad not in text
    assert "в трёх творческих группах детально проработали три модели взаимодействия" in text
    assert "совместно с Городским методическим центром и Информационно-методическим центром" in (
        text
    )
    assert "в рамках Летнего лагеря педагогов" in text
    assert "Московского района Санкт-Петербурга" in text
    assert "С докладом «Управление проектами в школе» выступил Кравцов Алексей Олегович" in text
    assert "Профориентация в школе" not in text  # a talk without a speaker is not reported
    assert f"На дизайн-сессии присутствовала {OFFICIAL}." in text
    assert MUSEUM + "." in text and THANKS + "." in text
    assert f"Пост-релиз ВКонтакте: {POST_URL}" in text
    assert "Контактное лицо: Кузьмин Дмитрий Александрович, тел. 241-37-98." in text
    assert not re.search(r"(?<![\d,.№])[1-9] (?!%)[а-яё]", text), "a digit one to nine in words"


def test_the_post_release_keeps_no_break_spaces_after_numero_and_initials(published):
    document = open_docx(published["post-release"])
    body = "\n".join(p.text for p in document.paragraphs)
    assert f"№{NBSP}496" in body
    assert f"А.{NBSP}И.{NBSP}Герцена" in body


def test_group_materials_can_be_sent_as_they_are(published):
    text = docx_text(published["group-materials"])
    for bad in BAD_SENTENCES:
        assert bad not in text
    assert "Не заполнены разделы:" in text
    document = open_docx(published["group-materials"])
    for table in document.tables:
        grid = [int(c.get(c.tag.replace("gridCol", "w"))) for c in table._tbl.tblGrid]
        cells = [cell.width.twips for cell in table.rows[0].cells]
        assert grid == cells
    members = document.tables[0]
    assert members.rows[0].cells[0].text == "№"


def test_the_vk_post_is_plain_text_under_the_wall_limit(published):
    text = published["vk-post"].decode("utf-8")
    assert 0 < len(text) <= VK_MAX_CHARS
    assert "<" not in text
    assert text.startswith("Пост-релиз дизайн-сессии «")
    assert all(title in _flat(text) for title in TITLES)
    html = published["web-post"].decode("utf-8")
    assert "<h1>" in html and "<li>" in html and POST_URL in html


def test_the_pdfs_carry_the_same_facts_as_the_word_files(published):
    for word, pdf in (
        ("post-release", "post-release-pdf"),
        ("group-materials", "group-materials-pdf"),
        ("results-letter", "results-letter-pdf"),
    ):
        pdf_text = _flat(_pdf_text(published[pdf]))
        word_text = _flat(docx_text(published[word]))
        for title in TITLES:
            assert (title in word_text) == (title in pdf_text), (pdf, title)
        for fact in ("Кузьмин Дмитрий Александрович", "Санкт-Петербурга", "Неверова"):
            assert (fact in word_text) == (fact in pdf_text), (pdf, fact)
    assert "Городским методическим центром" in _flat(_pdf_text(published["post-release-pdf"]))


def test_the_results_letter_names_moderators_participant_categories_and_the_main_result(
    published,
):
    text = _flat(docx_text(published["results-letter"]))
    assert text.lstrip().startswith("Об итогах дизайн-сессии")
    assert "Уважаемые коллеги!" in text
    assert "Модераторами выступили: Неверова Вера Васильевна, председатель комитета" in text
    assert "Лыжина Надежда Петровна, директор" in text
    assert "приняли участие 12 человек — педагоги (12)" in text
    assert "Участники рассмотрели следующие вопросы:" in text
    assert "Главным результатом дизайн-сессии стали три модели взаимодействия" in text


def test_the_bundle_holds_every_document(published):
    names = zipfile.ZipFile(io.BytesIO(published["bundle"])).namelist()
    for stem in ("post-release", "group-materials", "results-letter"):
        assert f"{stem}-2023-03-27.docx" in names and f"{stem}-2023-03-27.pdf" in names
    assert "post-vk-2023-03-27.txt" in names and "post-website-2023-03-27.html" in names


def test_every_document_opens_in_libreoffice_and_the_post_release_fits_two_pages(
    published, tmp_path
):
    soffice = soffice_path()
    for key, extension in (
        ("post-release", "docx"),
        ("group-materials", "docx"),
        ("results-letter", "docx"),
    ):
        (tmp_path / f"{key}.{extension}").write_bytes(published[key])
    workbook = zipfile.ZipFile(io.BytesIO(published["bundle"])).read("results-2023-03-27.xlsx")
    (tmp_path / "results.xlsx").write_bytes(workbook)
    for name in (
        "post-release.docx",
        "group-materials.docx",
        "results-letter.docx",
        "results.xlsx",
    ):
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "out"),
                str(tmp_path / name),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        # Debian's LibreOffice without Java says so on every start; that is not about the file.
        problems = [
            line
            for line in result.stderr.splitlines()
            if ("Error" in line or "Warning" in line) and "javaldx" not in line
        ]
        assert problems == [], result.stderr
        converted = tmp_path / "out" / (name.rsplit(".", 1)[0] + ".pdf")
        assert converted.exists(), result.stdout
    pages = len(PdfReader(tmp_path / "out" / "post-release.pdf").pages)
    assert pages <= 2
    assert len(PdfReader(io.BytesIO(published["post-release-pdf"])).pages) <= 2
