"""The personal invitation link a participant opens: this phone becomes them, after one tap."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitator.door import invitations
from facilitator.door.forms import ActionForm
from facilitator.joining.identity import device_id_from_request, new_device_id, remember_device
from facilitator.sessions.models import Participant

bp = Blueprint("door_personal", __name__)


def _unknown():
    return render_template("door/invitation_unknown.html"), 404


def _page(participant: Participant, problem: str | None = None, status: int = 200):
    session = participant.session
    moderator = session.is_moderated_by(current_user)
    return render_template(
        "door/personal.html",
        session=session,
        participant=participant,
        form=ActionForm(),
        problem=problem,
        moderator=moderator,
        bound_here=participant.device_id is not None
        and participant.device_id == device_id_from_request(),
    ), status


@bp.route("/i/<token>", methods=["GET", "POST"])
def open_invitation(token: str):
    """Take up the invitation on this phone; opening it only shows who it is for.

    The phone becomes the participant on the tap, not on opening: mail scanners and link
    previews open links too, and must not take the invitation for themselves.
    """
    participant = invitations.by_token(token)
    if participant is None:
        return _unknown()
    session = participant.session
    g.session_language = session.language
    home = url_for("join.home", code=session.join_code)
    device_id = device_id_from_request()
    if request.method == "GET":
        if participant.device_id is not None and participant.device_id == device_id:
            return redirect(home)
        if participant.device_id is not None:
            problem = _("This invitation has already been opened on another phone.")
            return _page(participant, problem, 409)
        return _page(participant)
    form = ActionForm()
    if not form.validate_on_submit():
        return _page(participant, _("The page was open too long. Tap the button again."), 400)
    device_id = device_id or new_device_id()
    try:
        invitations.take_up(participant, device_id, consent=request.form.get("consent") == "1")
    except invitations.InvitationError as error:
        return _page(participant, str(error), 409)
    return remember_device(redirect(home), device_id)
