"""The attendance sheet for signatures, in Word and PDF from the same blocks.

The shape organisers print for the door: the title, the event, date, time and venue, then a
table of №, full name, organisation, position and an empty column for the signature, with the
header repeated on every page and room in each row to sign; everyone who attended, by name.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from facilitator.attendance.roll import Roll
from facilitator.documents.blocks import CENTER, LEFT, Document, Paragraph, Run, Table, para
from facilitator.documents.pdf import render_pdf
from facilitator.materials.docx_blocks import render_docx
from facilitator.materials.records import Logo
from facilitator.text.dates import date_in_words, time_of_day
from facilitator.text.sanitize import one_line
from facilitator.text.typography import quoted, typograph

#: №, name, organisation, position, signature: 17 cm between the margins
WIDTHS_CM = (1.0, 5.0, 4.8, 3.4, 2.8)
ROW_HEIGHT_CM = 1.0


def _line(label: str, value: str) -> Paragraph:
    return Paragraph((Run(f"{label}: ", bold=True), Run(value)), align=LEFT, space_after=2)


def sheet_document(attendance: Roll) -> Document:
    """The sheet as blocks, in the session's language."""
    session = attendance.session
    language = session.language
    with force_locale(language):
        finish = typograph if language == "ru" else (lambda text: text)
        document = Document(
            title=_("Attendance sheet"),
            author=one_line(session.host_organisation),
            language=language,
            logos=tuple(logo.data for logo in session.logos),
            page_numbers=True,
        )
        title = quoted(one_line(session.title)) if language == "ru" else one_line(session.title)
        document.add(
            Paragraph((Run(_("ATTENDANCE SHEET"), bold=True),), align=CENTER, size=15),
            para(f"{session.kind.label} {title}", align=CENTER, space_after=10),
            _line(_("Date"), date_in_words(session.date, language)),
        )
        start = time_of_day(session.starts_at, language)
        end = time_of_day(session.ends_at, language) if session.ends_at else ""
        document.add(_line(_("Time"), f"{start}–{end}" if end else start))
        if session.venue.strip():
            document.add(_line(_("Venue"), finish(one_line(session.venue))))
        rows = tuple(
            (
                str(number),
                one_line(p.participant.full_name),
                finish(one_line(p.participant.organisation)),
                finish(one_line(p.participant.position)),
                "",
            )
            for number, p in enumerate(attendance.people, start=1)
        )
        document.add(
            Table(
                headers=("№", _("Full name"), _("Organisation"), _("Position"), _("Signature")),
                rows=rows,
                widths_cm=WIDTHS_CM,
                font_size=11,
                row_height_cm=ROW_HEIGHT_CM,
            ),
            _line(_("Participants in the list"), str(len(rows))),
            para(
                _("Responsible for registration") + ": ____________________ / ____________________",
                align=LEFT,
            ),
        )
    return document


def _logos(attendance: Roll) -> tuple[Logo, ...]:
    return tuple(
        Logo(data=x.data, mimetype=x.mimetype, width=x.width, height=x.height)
        for x in attendance.session.logos
    )


def build_sheet_docx(attendance: Roll) -> bytes:
    """The attendance sheet as a Word document."""
    return render_docx(sheet_document(attendance), _logos(attendance))


def build_sheet_pdf(attendance: Roll) -> bytes:
    """The attendance sheet as PDF."""
    return render_pdf(sheet_document(attendance))
