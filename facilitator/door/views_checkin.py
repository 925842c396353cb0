"""The volunteers' check-in page and its endpoints; arrival and departure from the roster."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from facilitator.door import checkin, invitations
from facilitator.door.forms import ActionForm, WalkInForm
from facilitator.joining import roster as roster_service
from facilitator.joining.pages import participants_page
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.views.common import child_or_404
from facilitator.webforms import form_or_400

bp = Blueprint("door_checkin", __name__, url_prefix="/sessions/<int:session_id>/door")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _checked_participant(session: DesignSession, participant_id: int) -> Participant:
    """The session's participant a button posted about (404), then the post's CSRF token (400).

    A page's script sends the token in the X-CSRFToken header.
    """
    participant = child_or_404(Participant, participant_id, session)
    form_or_400(ActionForm)
    return participant


def _arrival_message(arrival: checkin.Arrival) -> str:
    person = arrival.participant
    when = checkin.local_time(person.arrived_at)
    if arrival.already:
        return _("%(name)s: already checked in at %(time)s.", name=person.full_name, time=when)
    return _("%(name)s checked in at %(time)s.", name=person.full_name, time=when)


def _arrival_answer(session: DesignSession, arrival: checkin.Arrival):
    message = _arrival_message(arrival)
    if _wants_json():
        return jsonify(
            ok=True,
            already=arrival.already,
            message=message,
            participant=checkin.as_json(arrival.participant),
            counts=checkin.counts(session),
        )
    flash(message, "info" if arrival.already else "success")
    return redirect(_page_url(session))


def _page_url(session: DesignSession) -> str:
    return url_for(".page", session_id=session.id)


def _render_page(session: DesignSession, form: WalkInForm, status: int = 200, walk_in=None):
    return participants_page(
        "door/checkin.html",
        status,
        session=session,
        form=form,
        counts=checkin.counts(session),
        latest=checkin.latest_arrivals(session),
        walk_in=walk_in,
        walk_in_url=invitations.invitation_url(walk_in) if walk_in and walk_in.invite_token else "",
    )


@bp.route("/checkin")
@moderated_view
def page(session: DesignSession):
    """The check-in page for a volunteer's phone or laptop."""
    walk_in = None
    if request.args.get("walk_in", "").isdigit():
        walk_in = roster_service.participant_in_session(session, int(request.args["walk_in"]))
    return _render_page(session, WalkInForm(formdata=None), walk_in=walk_in)


@bp.route("/checkin/search")
@moderated_view
def search(session: DesignSession):
    """People whose name or organisation holds the words typed (JSON)."""
    query = request.args.get("q", "")[:200]
    people = checkin.search(session, query)
    return jsonify(
        query=query,
        people=[checkin.as_json(p) for p in people],
        counts=checkin.counts(session),
    )


@bp.route("/checkin/<int:participant_id>", methods=["POST"])
@moderated_view
def check_in(session: DesignSession, participant_id: int):
    """Mark the person arrived; checking in twice is harmless and says when it was."""
    participant = _checked_participant(session, participant_id)
    return _arrival_answer(session, checkin.check_in(session, participant))


@bp.route("/checkin/link", methods=["POST"])
@moderated_view
def check_in_link(session: DesignSession):
    """Check in the person whose personal link was scanned or pasted."""
    form_or_400(ActionForm)
    try:
        arrival = checkin.check_in_by_link(session, request.form.get("link", "")[:500])
    except checkin.CheckInError as error:
        if _wants_json():
            return jsonify(ok=False, message=str(error)), 404
        flash(str(error), "error")
        return redirect(_page_url(session))
    return _arrival_answer(session, arrival)


@bp.route("/checkin/walk-in", methods=["POST"])
@moderated_view
def walk_in(session: DesignSession):
    """Register someone who was not on the list, checked in at once."""
    form = WalkInForm()
    if not form.validate_on_submit():
        return _render_page(session, form, 422)
    details = checkin.WalkIn(
        full_name=form.full_name.data,
        organisation=form.organisation.data or "",
        position=form.position.data or "",
        city=form.city.data or "",
    )
    try:
        person = checkin.register_walk_in(session, details)
    except checkin.CheckInError as error:
        form.full_name.errors.append(str(error))
        return _render_page(session, form, 409)
    flash(
        _(
            "%(name)s is registered and checked in. They may scan their personal QR code to "
            "open the session on their phone.",
            name=person.full_name,
        ),
        "success",
    )
    return redirect(url_for(".page", session_id=session.id, walk_in=person.id, _anchor="walk-in"))


@bp.route("/participants/<int:participant_id>/arrival", methods=["POST"])
@moderated_view
def change_arrival(session: DesignSession, participant_id: int):
    """From the roster: mark present, record a departure, undo either."""
    participant = _checked_participant(session, participant_id)
    action = request.form.get("action")
    name = participant.full_name
    try:
        if action == "present":
            arrival = checkin.check_in(session, participant)
            message = _arrival_message(arrival)
        elif action == "left":
            checkin.record_departure(session, participant)
            when = checkin.local_time(participant.left_at)
            message = _("%(name)s left at %(time)s.", name=name, time=when)
        elif action == "back":
            checkin.undo_departure(session, participant)
            message = _("%(name)s is present again.", name=name)
        elif action == "undo":
            checkin.undo_check_in(session, participant)
            message = _("The check-in of %(name)s was undone.", name=name)
        else:
            abort(400)
    except checkin.CheckInError as error:
        if _wants_json():
            return jsonify(ok=False, message=str(error)), 409
        flash(str(error), "error")
    else:
        if _wants_json():
            return jsonify(
                ok=True,
                message=message,
                participant=checkin.as_json(participant),
                counts=checkin.counts(session),
            )
        flash(message, "success")
    anchor = f"participant-{participant.id}"
    return redirect(url_for("roster.roster", session_id=session.id, _anchor=anchor))
