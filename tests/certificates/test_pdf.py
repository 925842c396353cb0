"""Certificate pages: how the wording is set around the person's name."""

from __future__ import annotations

import io

from pypdf import PdfReader

from facilitator.certificates.pdf import Face, render_certificates
from facilitator.certificates.wording import Piece

NAME = "Белова Юлия Вячеславовна"


def _pieces_written(data: bytes) -> list[str]:
    found: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=lambda text, *_: found.append(text))
    return [" ".join(text.replace("\u00a0", " ").split()) for text in found if text.strip()]


def _face(signatures: tuple[str, ...]) -> Face:
    return Face(
        heading="СЕРТИФИКАТ",
        subheading="участника",
        pieces=(Piece("Настоящий сертификат подтверждает, что "), Piece(NAME, is_name=True)),
        signatures=signatures,
        code_label="Код проверки",
        code="920B-C3EF-HEGC",
        check_label="Проверить подлинность:",
        url="https://example.org/c/920BC3EFHEGC",
    )


def _lines_drawn(data: bytes) -> int:
    """Straight lines stroked on the page (the frame is drawn as rectangles, not lines)."""
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")
    return content.count(" l S")


def test_a_signature_line_is_drawn_per_signer_and_none_without_signers():
    assert _lines_drawn(render_certificates([_face(("Директор", "Методист"))], [], "t", "ru")) == 2
    assert _lines_drawn(render_certificates([_face(())], [], "t", "ru")) == 0


def test_the_persons_name_is_never_split_across_two_lines():
    """The name is set larger and bold; half of it on the next line reads as a mistake."""
    pieces = (
        Piece("Настоящий сертификат подтверждает, что "),
        Piece(NAME, is_name=True),
        Piece(
            " приняла участие в дизайн-сессии «Модели взаимодействия образовательного "
            "учреждения с социальными партнерами», 27 марта 2023 года, в объёме 3 часа."
        ),
    )
    face = Face(
        heading="СЕРТИФИКАТ",
        subheading="участника",
        pieces=pieces,
        signatures=("Директор",),
        code_label="Код проверки",
        code="920B-C3EF-HEGC",
        check_label="Проверить подлинность:",
        url="https://example.org/c/920BC3EFHEGC",
    )
    written = _pieces_written(render_certificates([face], [], "t", "ru"))
    assert NAME in written, written
