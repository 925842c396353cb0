"""Moderator pages of the personal invitations: the list, one invitation, the PDF, e-mail."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitator.door import invitation_mail, invitation_pdf, invitations
from facilitator.door.forms import ActionForm
from facilitator.joining.pages import participants_page
from facilitator.joining.qr import qr_svg
from facilitator.materials import mailing, mailing_jobs
from facilitator.routing import route_each
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.views.common import child_or_404
from facilitator.webforms import form_or_400

bp = Blueprint("door_invitations", __name__, url_prefix="/sessions/<int:session_id>/door")


def _with_link_or_404(session: DesignSession, participant_id: int) -> Participant:
    participant = child_or_404(Participant, participant_id, session)
    if participant.invite_token is None:
        abort(404)
    return participant


def _back(session: DesignSession, participant: Participant | None = None):
    anchor = f"invitation-{participant.id}" if participant else None
    return redirect(url_for(".index", session_id=session.id, _anchor=anchor))


@bp.route("/invitations")
@moderated_view
def index(session: DesignSession):
    """Everyone with a personal link: open it, print it, reissue, revoke, reset the phone."""
    people = invitations.invited(session)
    latest = mailing_jobs.latest(session, kind=invitation_mail.INVITATIONS.key)
    return participants_page(
        "door/invitations.html",
        session=session,
        people=people,
        with_link=[p for p in people if p.invite_token],
        mail=invitation_mail.readiness(session),
        sending=mailing_jobs.progress(latest) if latest else None,
    )


@bp.route("/invitations/<int:participant_id>")
@moderated_view
def invitation(session: DesignSession, participant_id: int):
    """One person's invitation, to print or show: name, session, QR code and link."""
    participant = _with_link_or_404(session, participant_id)
    return render_template(
        "door/invitation.html",
        session=session,
        participant=participant,
        url=invitations.invitation_url(participant),
    )


@bp.route("/invitations/<int:participant_id>/qr.svg")
@moderated_view
def invitation_qr(session: DesignSession, participant_id: int):
    """The QR code of one person's personal link."""
    participant = _with_link_or_404(session, participant_id)
    url = invitations.invitation_url(participant)
    title = _("Personal link of %(name)s", name=participant.full_name)
    response = Response(qr_svg(url, title=title), mimetype="image/svg+xml")
    response.cache_control.no_store = True
    return response


@bp.route("/invitations.pdf")
@moderated_view
def invitations_pdf(session: DesignSession):
    """Every personal invitation, one per page, to print."""
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


#: What each button on a person's row does to their invitation, by its address's last part
CHANGES: dict[str, Callable[[Participant], object]] = {
    "reissue": invitations.reissue,
    "revoke": invitations.revoke,
    "reset-device": invitations.reset_device,
}


@route_each(bp, "/invitations/<int:participant_id>/{action}", CHANGES, methods=["POST"])
@moderated_view
def change(session: DesignSession, participant_id: int, action: str):
    """Give a new link (the old one stops working), take it away, or forget the person's phone.

    Once the phone is forgotten, the person's link opens on another phone.
    """
    participant = child_or_404(Participant, participant_id, session)
    form_or_400(ActionForm)
    CHANGES[action](participant)
    name = participant.full_name
    messages = {
        "reissue": _("%(name)s has a new personal link; the old one no longer works.", name=name),
        "revoke": _("The personal link of %(name)s no longer works.", name=name),
        "reset-device": _("%(name)s may now open their personal link on another phone.", name=name),
    }
    flash(messages[action], "success")
    return _back(session, participant)


@bp.route("/invitations/mail", methods=["POST"])
@moderated_view
def send_mail(session: DesignSession):
    """E-mail everyone with a personal link and an address their invitation, in the background."""
    form_or_400(ActionForm)
    try:
        mailing_jobs.start(session, current_user, kind=invitation_mail.INVITATIONS)
    except mailing.MailingError as error:
        flash(str(error), "error")
    else:
        flash(_("The invitations are being sent."), "success")
    return redirect(url_for(".index", session_id=session.id, _anchor="mailing-heading"))


@bp.route("/invitations/mail/progress")
@moderated_view
def mail_progress(session: DesignSession):
    """The latest invitation mailing's progress, for the page's live view."""
    latest = mailing_jobs.latest(session, kind=invitation_mail.INVITATIONS.key)
    return jsonify(mailing_jobs.progress(latest).as_json() if latest else None)
