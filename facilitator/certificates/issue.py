"""Issuing certificates to those who attended, revoking them, and making their PDF files.

A certificate is stored the first time it is issued, with its code; issuing again brings the
name and hours up to date but keeps the code, so a printed certificate still verifies.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from pypdf import PdfReader, PdfWriter
from sqlalchemy.exc import IntegrityError

from facilitator.attendance.hours import Presence, sort_key
from facilitator.attendance.roll import roll
from facilitator.certificates import codes
from facilitator.certificates.models import Certificate
from facilitator.certificates.pdf import Face, render_certificates
from facilitator.certificates.wording import certificate_text
from facilitator.columns import utcnow
from facilitator.documents.archive import zip_files
from facilitator.extensions import db
from facilitator.hall import links
from facilitator.sessions.models import DesignSession
from facilitator.text.sanitize import one_line

log = logging.getLogger(__name__)


class CertificateError(ValueError):
    """Certificates cannot be issued now; the message says why, translated."""


@dataclass(frozen=True)
class Issued:
    """What issuing did: certificates made, brought up to date, and all of them now."""

    created: int
    updated: int
    certificates: tuple[Certificate, ...]
    #: How many people attended and so have a certificate
    eligible: int


def eligible(session: DesignSession) -> list[Presence]:
    """Everyone who attended for some time: the people a certificate is for."""
    attended = roll(session)
    if attended.window.end is None:
        raise CertificateError(
            _("Set the session's end time first: the certificates state the hours.")
        )
    return [p for p in attended.people if p.hours]


def issued(session: DesignSession) -> list[Certificate]:
    """The session's certificates, by name."""
    found = db.session.scalars(sa.select(Certificate).filter_by(session_id=session.id)).all()
    return sorted(found, key=lambda c: sort_key(c.full_name))


def valid(session: DesignSession) -> list[Certificate]:
    """The certificates not revoked, by name."""
    return [c for c in issued(session) if c.is_valid]


def issue(session: DesignSession, by: object = None) -> Issued:
    """Issue a certificate to everyone eligible; existing ones keep their codes.

    Two moderators issuing at the same moment cannot give a person two certificates (the
    participant is unique): the later commit fails, and issuing again finds the others' work.
    """
    try:
        return _issue(session, by)
    except IntegrityError:
        db.session.rollback()
        return _issue(session, by)


def _issue(session: DesignSession, by: object) -> Issued:
    people = eligible(session)
    existing = {c.participant_id: c for c in issued(session)}
    created = updated = 0
    for presence in people:
        person = presence.participant
        name = one_line(person.full_name)
        certificate = existing.get(person.id)
        if certificate is None:
            certificate = Certificate(
                session_id=session.id,
                participant_id=person.id,
                code=_unused_code(),
                full_name=name,
                hours=presence.hours,
            )
            db.session.add(certificate)
            existing[person.id] = certificate
            created += 1
        elif certificate.full_name != name or certificate.hours != presence.hours:
            certificate.full_name, certificate.hours = name, presence.hours
            updated += 1
    db.session.commit()
    log.info(
        "Certificates of session %s issued by %s: %d new, %d updated",
        session.id,
        getattr(by, "email", "the system"),
        created,
        updated,
    )
    return Issued(created, updated, tuple(issued(session)), len(people))


def _unused_code() -> str:
    while True:
        code = codes.new_code()
        if db.session.scalar(sa.select(Certificate.id).filter_by(code=code)) is None:
            return code


def revoke(certificate: Certificate, by: object = None) -> None:
    """Withdraw a certificate: its code then says it was revoked."""
    if certificate.revoked_at is None:
        certificate.revoked_at = utcnow()
        db.session.commit()
        log.info("Certificate %s revoked by %s", certificate.id, getattr(by, "email", "?"))


def restore(certificate: Certificate, by: object = None) -> None:
    """Make a revoked certificate valid again."""
    if certificate.revoked_at is not None:
        certificate.revoked_at = None
        db.session.commit()
        log.info("Certificate %s restored by %s", certificate.id, getattr(by, "email", "?"))


def find(typed_code: str) -> Certificate | None:
    """The certificate with this code, however it was typed; None for no such code."""
    code = codes.normalise(typed_code)
    if code is None:
        return None
    return db.session.scalar(sa.select(Certificate).filter_by(code=code))


def signatures(session: DesignSession) -> tuple[str, ...]:
    """Who signs: the session's signers, else its moderators; none when neither is set.

    A certificate with nobody named prints no signature block: a bare «Organiser» over an
    empty line would look unfinished, so the certificates page warns the moderator instead."""
    lines = [one_line(x) for x in session.certificate_signatures.splitlines() if x.strip()]
    return tuple(lines or session.moderator_list[:3])


def verification_prefix() -> str:
    """The public check page's address without the code, as the QR codes open it."""
    return links.external_url("certificate_check.verify", code="0")[:-1]


def face(session: DesignSession, certificate: Certificate, prefix: str) -> Face:
    """What the certificate's page shows, in the session's language."""
    with force_locale(session.language):
        return Face(
            heading=_("CERTIFICATE"),
            subheading=_("of participation"),
            pieces=tuple(certificate_text(session, certificate.full_name, certificate.hours)),
            signatures=signatures(session),
            code_label=_("Verification code"),
            code=codes.grouped(certificate.code),
            check_label=_("Check it at"),
            url=prefix + certificate.code,
        )


def render(
    session: DesignSession, certificates: Sequence[Certificate], prefix: str | None = None
) -> bytes:
    """The given certificates as one PDF, a page each."""
    prefix = prefix or verification_prefix()
    logos = tuple(logo.data for logo in session.logos)
    faces = [face(session, c, prefix) for c in certificates]
    with force_locale(session.language):
        title = _("Certificates: %(title)s", title=one_line(session.title))
    return render_certificates(faces, logos, title, session.language)


def filename(session: DesignSession, certificate: Certificate | None = None) -> str:
    """ASCII file names: «certificates-2023-03-27.pdf», «certificate-2023-03-27-<code>.pdf»."""
    if certificate is None:
        return f"certificates-{session.date.isoformat()}.pdf"
    return f"certificate-{session.date.isoformat()}-{certificate.code}.pdf"


def one_per_file(session: DesignSession, prefix: str | None = None) -> dict[str, bytes]:
    """Each valid certificate as its own PDF, by file name."""
    return {filename(session, c): data for c, data in separately(session, prefix)}


def separately(
    session: DesignSession, prefix: str | None = None
) -> list[tuple[Certificate, bytes]]:
    """Each valid certificate with its own one-page PDF.

    The pages are made in one document and then split: a document of its own per person
    spends most of its time on the fonts, and 150 of them took two minutes instead of seconds.
    """
    certificates = valid(session)
    if not certificates:
        return []
    pages = split_pages(render(session, certificates, prefix))
    return list(zip(certificates, pages, strict=True))


def split_pages(data: bytes) -> list[bytes]:
    """A PDF's pages, each as a PDF of its own."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": (reader.metadata or {}).get("/Title", "")})
        buffer = io.BytesIO()
        writer.write(buffer)
        pages.append(buffer.getvalue())
    return pages


def build_combined(session_id: int, prefix: str) -> bytes:
    """Every valid certificate of a session in one PDF (by id, to build in another process)."""
    session = _session(session_id)
    return render(session, valid(session), prefix)


def build_single(certificate_id: int, prefix: str) -> bytes:
    """One certificate's PDF (by id, to build in another process)."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise LookupError(f"no certificate {certificate_id}")
    return render(certificate.session, [certificate], prefix)


def build_zip(session_id: int, prefix: str) -> bytes:
    """A zip of one PDF per valid certificate (by id, to build in another process)."""
    return zip_files(one_per_file(_session(session_id), prefix))


def _session(session_id: int) -> DesignSession:
    session = db.session.get(DesignSession, session_id)
    if session is None:
        raise LookupError(f"no session {session_id}")
    return session
