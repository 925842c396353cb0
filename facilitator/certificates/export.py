"""The door's documents written beside the materials: attendance files and certificates."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, request, url_for
from flask_babel import gettext as _

from facilitator.attendance import files as attendance_files
from facilitator.certificates import issue
from facilitator.hall import links
from facilitator.sessions.models import DesignSession

#: The folder the one-per-person certificates go into
FOLDER = "certificates"


def export_door_documents(
    session: DesignSession, out_dir: Path, site_url: str | None = None
) -> tuple[list[Path], list[str]]:
    """Write the attendance sheet, workbook and certificates; return the paths and any notes.

    Certificates not issued yet are issued first, so every code printed verifies. Their QR
    codes need the site's public address: ``site_url``, else PUBLIC_URL; without one the
    certificates are left out and a note says why.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, data in attendance_files.build_all(session).items():
        written.append(_write(out_dir / name, data))
    base = (site_url or links.public_base() or "").rstrip("/")
    if not base:
        return written, [
            _(
                "Certificates need the site's address for their QR codes: "
                "set PUBLIC_URL or pass --site-url."
            )
        ]
    try:
        issue.issue(session)
    except issue.CertificateError as error:
        return written, [str(error)]
    # The site's address stands in for a request, so links point where people will open them.
    with current_app.test_request_context(base_url=base + "/"):
        prefix = request.host_url.rstrip("/") + url_for("certificate_check.verify", code="0")[:-1]
        valid = issue.valid(session)
        if not valid:
            return written, [_("Nobody attended: there are no certificates.")]
        written.append(
            _write(out_dir / issue.filename(session), issue.render(session, valid, prefix))
        )
        folder = out_dir / FOLDER
        folder.mkdir(exist_ok=True)
        for name, data in issue.one_per_file(session, prefix).items():
            written.append(_write(folder / name, data))
    return written, []


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
