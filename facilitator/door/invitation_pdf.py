"""All personal invitations as one PDF to print: one page per person with their QR code."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from facilitator.documents.blocks import CENTER, LEFT, Document, PageBreak, Picture, labelled, para
from facilitator.documents.pdf import render_pdf
from facilitator.door import invitations
from facilitator.joining.qr import qr_png
from facilitator.sessions.models import DesignSession, Participant
from facilitator.text.dates import date_in_words


def _when(session: DesignSession) -> str:
    time = session.starts_at.strftime("%H:%M")
    return f"{date_in_words(session.date, session.language)}, {time}"


def build(session: DesignSession, people: list[Participant]) -> Document:
    """The invitations as document blocks, in the session's language."""
    with force_locale(session.language):
        document = Document(
            title=_("Personal invitations: %(title)s", title=session.title),
            author=session.host_organisation,
            language=session.language,
            logos=tuple(logo.data for logo in session.logos),
            logos_first_page_only=False,
        )
        for index, person in enumerate(people):
            if index:
                document.add(PageBreak())
            url = invitations.invitation_url(person)
            document.add(
                para(_("Personal invitation"), align=CENTER, size=13, muted=True),
                para(person.full_name, align=CENTER, size=20, space_after=6),
            )
            if person.organisation:
                document.add(para(person.organisation, align=CENTER, space_after=12))
            document.add(
                para(session.title, align=CENTER, size=15, space_after=10),
                labelled(_("When"), _when(session)),
            )
            if session.venue:
                document.add(labelled(_("Venue"), session.venue))
            if person.group:
                document.add(labelled(_("Group"), person.group.name))
            document.add(
                Picture(qr_png(url, scale=10), width_cm=7),
                para(
                    _(
                        "Show this code at the door to be checked in. Scan it with your phone to "
                        "open the session without registering: the link is only for you."
                    ),
                    align=CENTER,
                    space_after=6,
                ),
                para(url, align=LEFT, size=9, muted=True),
            )
    return document


def render(session: DesignSession, people: list[Participant]) -> bytes:
    """The invitations as PDF bytes."""
    return render_pdf(build(session, people))
