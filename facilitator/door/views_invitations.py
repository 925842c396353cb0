"""Moderator pages of the personal invitations: the list, one invitation, the PDF, e-mail."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitator.door import invitation_mail, invitation_pdf, invitations
from facilitator.door.forms import ActionForm
from facilitator.joining import roster as roster_service
from facilitator.joining.qr import qr_svg
from facilitator.materials import mailing, mailing_jobs
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_session_or_404

bp = Blueprint("door_invitations", __name__, url_prefix="/sessions/<int:session_id>/door")


def _participant_or_404(session: DesignSession, participant_id: int) -> Participant:
    participant = roster_service.participant_in_session(session, participant_id)
    if participant is None:
        abort(404)
    return participant


def _with_link_or_404(session: DesignSession, participant_id: int) -> Participant:
    participant = _participant_or_404(session, participant_id)
    if participant.invite_token is None:
        abort(404)
    return participant


def _checked() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def _back(session: DesignSession, participant: Participant | None = None):
    anchor = f"invitation-{participant.id}" if participant else None
    return redirect(url_for(".index", session_id=session.id, _anchor=anchor))


@bp.route("/invitations")
@login_required
def index(session_id: int):
    """Everyone with a personal link: open it, print it, reissue, revoke, reset the phone."""
    session = moderated_session_or_404(session_id)
    people = invitations.invited(session)
    latest = mailing_jobs.latest(session, kind=invitation_mail.INVITATIONS.key)
    return render_template(
        "door/invitations.html",
        session=session,
        people=people,
        with_link=[p for p in people if p.invite_token],
        mail=invitation_mail.readiness(session),
        sending=mailing_jobs.progress(latest) if latest else None,
        active="participants",
        active_tab="participants",
    )


@bp.route("/invitations/<int:participant_id>")
@login_required
def invitation(session_id: int, participant_id: int):
    """One person's invitation, to print or show: name, session, QR code and link."""
    session = moderated_session_or_404(session_id)
    participant = _with_link_or_404(session, participant_id)
    return render_template(
        "door/invitation.html",
        session=session,
        participant=participant,
        url=invitations.invitation_url(participant),
    )


@bp.route("/invitations/<int:participant_id>/qr.svg")
@login_required
def invitation_qr(session_id: int, participant_id: int):
    """The QR code of one person's personal link."""
    session = moderated_session_or_404(session_id)
    participant = _with_link_or_404(session, participant_id)
    url = invitations.invitation_url(participant)
    title = _("Personal link of %(name)s", name=participant.full_name)
    response = Response(qr_svg(url, title=title), mimetype="image/svg+xml")
    response.cache_control.no_store = True
    return response


@bp.route("/invitations.pdf")
@login_required
def invitations_pdf(session_id: int):
    """Every personal invitation, one per page, to print."""
    session = moderated_session_or_404(session_id)
    people = [p for p in invitations.invited(session) if p.invite_token]
    if not people:
        flash(_("Nobody has a personal link yet: import the registrations first."), "warning")
        return _back(session)
    response = Response(invitation_pdf.render(session, people), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="invitations-{session.join_code}.pdf"'
    )
    response.cache_control.no_store = True
    return response


@bp.route("/invitations/<int:participant_id>/reissue", methods=["POST"])
@login_required
def reissue(session_id: int, participant_id: int):
    """Give a new personal link; the old one stops working."""
    session = moderated_session_or_404(session_id)
    participant = _participant_or_404(session, participant_id)
    _checked()
    invitations.reissue(participant)
    flash(
        _(
            "%(name)s has a new personal link; the old one no longer works.",
            name=participant.full_name,
        ),
        "success",
    )
    return _back(session, participant)


@bp.route("/invitations/<int:participant_id>/revoke", methods=["POST"])
@login_required
def revoke(session_id: int, participant_id: int):
    """Take the personal link away."""
    session = moderated_session_or_404(session_id)
    participant = _participant_or_404(session, participant_id)
    _checked()
    invitations.revoke(participant)
    name = participant.full_name
    flash(_("The personal link of %(name)s no longer works.", name=name), "success")
    return _back(session, participant)


@bp.route("/invitations/<int:participant_id>/reset-device", methods=["POST"])
@login_required
def reset_device(session_id: int, participant_id: int):
    """Forget the phone the person used, so their link opens on another phone."""
    session = moderated_session_or_404(session_id)
    participant = _participant_or_404(session, participant_id)
    _checked()
    invitations.reset_device(participant)
    flash(
        _(
            "%(name)s may now open their personal link on another phone.",
            name=participant.full_name,
        ),
        "success",
    )
    return _back(session, participant)


@bp.route("/invitations/mail", methods=["POST"])
@login_required
def send_mail(session_id: int):
    """E-mail everyone with a personal link and an address their invitation, in the background."""
    session = moderated_session_or_404(session_id)
    _checked()
    try:
        mailing_jobs.start(session, current_user, kind=invitation_mail.INVITATIONS)
    except mailing.MailingError as error:
        flash(str(error), "error")
    else:
        flash(_("The invitations are being sent."), "success")
    return redirect(url_for(".index", session_id=session.id, _anchor="mailing-heading"))


@bp.route("/invitations/mail/progress")
@login_required
def mail_progress(session_id: int):
    """The latest invitation mailing's progress, for the page's live view."""
    session = moderated_session_or_404(session_id)
    latest = mailing_jobs.latest(session, kind=invitation_mail.INVITATIONS.key)
    return jsonify(mailing_jobs.progress(latest).as_json() if latest else None)
