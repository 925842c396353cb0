"""Certificates as PDF pages (fpdf2, the DejaVu fonts shipped with the documents package).

A4 landscape in a double frame: the session's logos, «СЕРТИФИКАТ участника», the wording with
the person's name in bold, the signatures, and at the foot the verification code beside a QR
code of the public page that confirms it. Every text is written literally (no markup).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from facilitator.certificates.wording import Piece
from facilitator.documents.pdf import FAMILY, FONTS
from facilitator.joining.qr import qr_png
from facilitator.text.numbers import NBSP
from facilitator.text.sanitize import clean_text

NAVY = (0x1F, 0x3A, 0x6B)
GREY = (0x5B, 0x64, 0x72)
LOGO_HEIGHT = 18
QR_SIDE = 30


@dataclass(frozen=True)
class Face:
    """What one certificate page shows."""

    heading: str
    subheading: str
    pieces: tuple[Piece, ...]
    #: Each signer's line: «Директор ГБОУ СОШ № 496, Иванов И. И.»
    signatures: tuple[str, ...]
    code_label: str
    code: str
    check_label: str
    url: str


class _CertificatePdf(FPDF):
    def __init__(self, title: str, language: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_margins(left=28, top=18, right=28)
        self.set_auto_page_break(False)
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSerif.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
        self.add_font(FAMILY, "I", str(FONTS / "DejaVuSerif-Italic.ttf"))
        self.set_title(clean_text(title)[:250])
        self.set_lang("ru-RU" if language == "ru" else "en-GB")
        self.set_creator("Facilitator")


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)


def _logos(pdf: FPDF, logos: Sequence[bytes]) -> None:
    from PIL import Image

    widths = []
    for data in logos:
        with Image.open(io.BytesIO(data)) as image:
            widths.append(LOGO_HEIGHT * image.width / max(image.height, 1))
    gap = 8
    scale = min(1.0, pdf.epw / max(sum(widths) + gap * (len(widths) - 1), 1))
    x = (pdf.w - (sum(widths) + gap * (len(widths) - 1)) * scale) / 2
    for data, width in zip(logos, widths, strict=True):
        pdf.image(io.BytesIO(data), x=x, y=17, h=LOGO_HEIGHT * scale)
        x += (width + gap) * scale


def _page(pdf: FPDF, face: Face, logos: Sequence[bytes]) -> None:
    pdf.add_page()
    _frame(pdf)
    if logos:
        _logos(pdf, logos)
    pdf.set_y(42 if logos else 30)
    pdf.set_text_color(*NAVY)
    pdf.set_font(FAMILY, "B", 36)
    pdf.set_char_spacing(3)
    pdf.cell(0, 16, clean_text(face.heading), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_char_spacing(0)
    pdf.set_font(FAMILY, "I", 16)
    pdf.cell(0, 9, clean_text(face.subheading), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(10)
    _wording(pdf, face.pieces)
    _signatures(pdf, face.signatures)
    _verification(pdf, face)


def _wording(pdf: FPDF, pieces: Sequence[Piece]) -> None:
    columns = pdf.text_columns(text_align=Align.C, line_height=1.45, l_margin=40, r_margin=40)
    with columns as cols, cols.paragraph() as paragraph:
        for piece in pieces:
            text = clean_text(piece.text)
            if piece.is_name:
                pdf.set_font(FAMILY, "B", 17)
                # The name, larger and bold, stays whole on one line.
                text = NBSP.join(text.split())
            else:
                pdf.set_font(FAMILY, "", 14)
            paragraph.write(text)


def _signatures(pdf: FPDF, signatures: Sequence[str]) -> None:
    lines = [clean_text(s) for s in signatures if s.strip()][:4]
    y = max(pdf.get_y() + 10, pdf.h - 52 - 10 * len(lines))
    pdf.set_font(FAMILY, "", 12)
    for line in lines:
        pdf.set_xy(40, y)
        pdf.multi_cell(130, 6, line, align=Align.L, max_line_height=6)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.2)
        pdf.line(178, y + 5, 228, y + 5)
        y += 11


def _verification(pdf: FPDF, face: Face) -> None:
    side = QR_SIDE
    x, y = pdf.w - 28 - side, pdf.h - 19 - side
    pdf.image(io.BytesIO(qr_png(face.url, scale=4)), x=x, y=y, w=side, h=side)
    pdf.set_text_color(*GREY)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(40, pdf.h - 32)
    pdf.cell(0, 5, f"{clean_text(face.code_label)}: ", new_x=XPos.END)
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 5, face.code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(40)
    pdf.set_text_color(*GREY)
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(x - 45, 5, f"{clean_text(face.check_label)} {face.url}")
    pdf.set_text_color(0, 0, 0)


def render_certificates(
    faces: Sequence[Face], logos: Sequence[bytes], title: str, language: str
) -> bytes:
    """Every certificate, a page each, as one PDF."""
    pdf = _CertificatePdf(title, language)
    for face in faces:
        _page(pdf, face, logos)
    return bytes(pdf.output())
