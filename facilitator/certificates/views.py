"""The moderator's certificates page: issue, revoke, wording, preview, downloads, e-mail."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from facilitator.certificates import codes, issue
from facilitator.certificates.forms import WordingForm
from facilitator.certificates.mail import CERTIFICATES
from facilitator.certificates.models import Certificate
from facilitator.certificates.wording import DEFAULT, PLACEHOLDERS
from facilitator.extensions import db
from facilitator.materials import mailing, mailing_jobs
from facilitator.materials.mailing_views import add_mailing_routes
from facilitator.offload import run_off_loop
from facilitator.routing import route_each
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.views.common import child_or_404

bp = Blueprint("certificates", __name__)
PDF = "application/pdf"
ZIP = "application/zip"


def _eligible_count(session: DesignSession) -> tuple[int | None, str]:
    try:
        return len(issue.eligible(session)), ""
    except issue.CertificateError as error:
        return None, str(error)


def _page(session: DesignSession, form: WordingForm | None = None, status: int = 200):
    if form is None:
        form = WordingForm(
            wording=session.certificate_wording, signatures=session.certificate_signatures
        )
    eligible, problem = _eligible_count(session)
    latest = mailing_jobs.latest(session, kind=CERTIFICATES.key)
    return (
        render_template(
            "certificates/index.html",
            session=session,
            form=form,
            certificates=issue.issued(session),
            eligible=eligible,
            problem=problem,
            grouped=codes.grouped,
            placeholders=PLACEHOLDERS,
            default_wording=DEFAULT.get(session.language, DEFAULT["ru"]),
            mail=mailing.readiness(session, CERTIFICATES),
            sending=mailing_jobs.progress(latest) if latest is not None else None,
            prefix=issue.verification_prefix(),
            unsigned=not issue.signatures(session),
            active_tab="certificates",
        ),
        status,
    )


@bp.route("/sessions/<int:session_id>/certificates")
@moderated_view
def index(session: DesignSession):
    """The certificates issued, who else may get one, the wording and the downloads."""
    return _page(session)


@bp.route("/sessions/<int:session_id>/certificates/issue", methods=["POST"])
@moderated_view
def issue_all(session: DesignSession):
    """Issue certificates to everyone who attended; existing ones keep their codes."""
    try:
        result = issue.issue(session, current_user)
    except issue.CertificateError as error:
        flash(str(error), "error")
        return redirect(url_for(".index", session_id=session.id))
    if not result.eligible:
        flash(
            _(
                "Nobody attended yet, so there is nobody to give a certificate to. "
                "Mark who was present on the attendance page, then issue them."
            ),
            "warning",
        )
        return redirect(url_for(".index", session_id=session.id))
    flash(
        ngettext(
            "%(num)d certificate issued",
            "%(num)d certificates issued",
            result.created,
        )
        + "; "
        + ngettext("%(num)d brought up to date.", "%(num)d brought up to date.", result.updated),
        "success",
    )
    return redirect(url_for(".index", session_id=session.id))


@bp.route("/sessions/<int:session_id>/certificates/wording", methods=["POST"])
@moderated_view
def save_wording(session: DesignSession):
    """Save the wording and signatures; a wrong placeholder is shown next to the field."""
    form = WordingForm()
    if not form.validate_on_submit():
        return _page(session, form, 422)
    session.certificate_wording = form.wording.data or ""
    session.certificate_signatures = form.signatures.data or ""
    db.session.commit()
    flash(_("The certificates' wording is saved."), "success")
    return redirect(url_for(".index", session_id=session.id, _anchor="certificate-wording"))


@bp.route("/sessions/<int:session_id>/certificates/preview")
@moderated_view
def preview(session: DesignSession):
    """The first certificate as it prints now (a sample when none is issued yet)."""
    first = next(iter(issue.valid(session)), None)
    if first is None:
        try:
            people = issue.eligible(session)
        except issue.CertificateError as error:
            flash(str(error), "error")
            return redirect(url_for(".index", session_id=session.id))
        if not people:
            flash(_("Nobody attended yet: there is no certificate to show."), "error")
            return redirect(url_for(".index", session_id=session.id))
        person = people[0]
        first = Certificate(
            code="0" * codes.LENGTH, full_name=person.participant.full_name, hours=person.hours
        )
    data = issue.render(session, [first])
    return _send(data, issue.filename(session), PDF, attachment=False)


def _send(data: bytes, filename: str, mimetype: str, attachment: bool = True):
    response = send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=attachment, download_name=filename
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/sessions/<int:session_id>/certificates/download")
@moderated_view
def download_all(session: DesignSession):
    """Every valid certificate in one PDF, for printing."""
    data = run_off_loop(issue.build_combined, session.id, issue.verification_prefix())
    return _send(data, issue.filename(session), PDF)


@bp.route("/sessions/<int:session_id>/certificates/download/zip")
@moderated_view
def download_zip(session: DesignSession):
    """A zip with one PDF per valid certificate, to send on by hand."""
    data = run_off_loop(issue.build_zip, session.id, issue.verification_prefix())
    return _send(data, f"certificates-{session.date.isoformat()}.zip", ZIP)


@bp.route("/sessions/<int:session_id>/certificates/<int:certificate_id>/download")
@moderated_view
def download_one(session: DesignSession, certificate_id: int):
    """One person's certificate."""
    certificate = child_or_404(Certificate, certificate_id, session)
    data = run_off_loop(issue.build_single, certificate.id, issue.verification_prefix())
    return _send(data, issue.filename(session, certificate), PDF)


@route_each(
    bp,
    "/sessions/<int:session_id>/certificates/<int:certificate_id>/{action}",
    ("revoke", "restore"),
    methods=["POST"],
)
@moderated_view
def change(session: DesignSession, certificate_id: int, action: str):
    """Withdraw a certificate, so that its code tells a checker so, or make it valid again."""
    certificate = child_or_404(Certificate, certificate_id, session)
    name = certificate.full_name
    if action == "revoke":
        issue.revoke(certificate, current_user)
        message = _("The certificate of %(name)s is revoked.", name=name)
    else:
        issue.restore(certificate, current_user)
        message = _("The certificate of %(name)s is valid again.", name=name)
    flash(message, "success")
    return redirect(url_for(".index", session_id=session.id, _anchor=f"c{certificate.id}"))


add_mailing_routes(bp, "/sessions/<int:session_id>/certificates", CERTIFICATES, "mailing")
