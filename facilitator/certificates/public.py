"""The public page a certificate's QR code opens: it confirms the certificate's facts only.

It shows the name, the session, its date and the hours — nothing the person gave beyond their
name (no organisation, e-mail or phone). Lookups are rate-limited per address, so codes cannot
be guessed by trying many.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from facilitator.certificates import codes, issue
from facilitator.certificates.wording import hours_text
from facilitator.extensions import limiter
from facilitator.text.dates import date_in_words

bp = Blueprint("certificate_check", __name__)


def _limit() -> str:
    return f"{current_app.config.get('CERTIFICATE_CHECKS_PER_MINUTE', 30)}/minute"


@bp.route("/c", methods=["GET"])
@limiter.limit(_limit)
def lookup():
    """A form to type a code; a typed code goes to its page."""
    typed = request.args.get("code", "")
    if typed.strip():
        code = codes.normalise(typed)
        if code is not None:
            return redirect(url_for(".verify", code=code))
        return render_template("certificates/check.html", typed=typed, invalid=True), 404
    return render_template("certificates/check.html", typed="", invalid=False)


@bp.route("/c/<code>")
@limiter.limit(_limit)
def verify(code: str):
    """Confirm a certificate by its code, however it was typed; 404 for an unknown code."""
    certificate = issue.find(code)
    if certificate is None:
        return render_template("certificates/not_found.html", typed=code), 404
    session = certificate.session
    language = session.language
    return render_template(
        "certificates/verified.html",
        certificate=certificate,
        code=codes.grouped(certificate.code),
        session_title=session.title,
        session_date=date_in_words(session.date, language),
        hours=hours_text(certificate.hours, language),
        language=language,
    )
