"""Open microphone pages: participants raise a hand, moderators give the floor."""

from __future__ import annotations

import hmac

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from facilitator.engagement import common
from facilitator.engagement import mic as open_mic
from facilitator.engagement.errors import EngagementError
from facilitator.engagement.forms import ActionForm, RaiseHandForm
from facilitator.engagement.models import HandState
from facilitator.engagement.views import common as shared
from facilitator.engagement.views.common import bp
from facilitator.joining.identity import current_participant
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_view
from facilitator.webforms import form_or_400


def _render_mic(session: DesignSession, participant: Participant, error=None, form=None):
    line = open_mic.queue(session)
    hand = open_mic.active_hand(participant)
    form = form or RaiseHandForm(formdata=None, groups=session.groups)
    return shared.participant_screen(
        "mic",
        session,
        participant,
        line=line,
        hand=hand,
        place=line.place_of(participant.id),
        form=form,
        action_form=ActionForm(formdata=None),
        error=error,
        state=open_mic.state(session, participant),
    )


@bp.route("/s/<code>/mic")
def mic(code: str):
    """The open microphone: who speaks, the participant's place, raise or lower the hand."""
    return shared.participant_page(code, _render_mic)


@bp.route("/s/<code>/mic/state")
def mic_state(code: str):
    """The open microphone's state as JSON, for pages that refresh themselves.

    It names the speaker, so only the session's participants and its projector may read it.
    """
    session = shared.session_or_404(code)
    participant = current_participant(session)
    if participant is None and not _is_projector(session):
        participant = shared.participant_or_403(session)  # refuses: nobody of this session
    return jsonify(open_mic.state(session, participant))


def _is_projector(session: DesignSession) -> bool:
    """Whether the request carries the session's projector token (header or ?token=)."""
    given = request.headers.get("X-Projector-Token") or request.args.get("token") or ""
    return hmac.compare_digest(given.encode(), session.projector_token.encode())


@bp.route("/s/<code>/mic/raise", methods=["POST"])
@shared.participant_action
def raise_hand(session: DesignSession, participant: Participant):
    """Sent by a participant's «Raise my hand» button."""
    form = form_or_400(RaiseHandForm, groups=session.groups)
    try:
        open_mic.raise_hand(participant, form.about.data or None)
    except EngagementError as error:
        return shared.refused(error, lambda e: _render_mic(session, participant, e, form))
    if shared.wants_json():
        return jsonify(ok=True, **open_mic.state(session, participant))
    flash(_("Your hand is raised. The moderator will give you the floor."), "success")
    return redirect(url_for("engagement.mic", code=session.join_code))


@bp.route("/s/<code>/mic/lower", methods=["POST"])
@shared.participant_action
def lower_hand(session: DesignSession, participant: Participant):
    """Sent by a participant's «Lower my hand» or «I have finished» button."""
    form_or_400(ActionForm)
    try:
        result = open_mic.lower_hand(participant)
    except EngagementError as error:
        return shared.refused(error, lambda e: _render_mic(session, participant, e))
    if shared.wants_json():
        return jsonify(ok=True, **open_mic.state(session, participant))
    if result == HandState.done:
        flash(_("Thank you! Your turn is over."), "success")
    else:
        flash(_("Your hand is lowered."), "success")
    return redirect(url_for("engagement.mic", code=session.join_code))


def _render_mod_mic(session: DesignSession, error=None):
    return shared.moderator_page(
        "mic",
        session,
        line=open_mic.queue(session),
        recent=open_mic.recent(session),
        settings=common.settings_for(session),
        state=open_mic.state(session, None),
        error=error,
    )


@bp.route("/sessions/<int:session_id>/mic")
@moderated_view
def mic_queue(session: DesignSession):
    """The moderator's open microphone: the speaker with the time, the queue, the actions."""
    return _render_mod_mic(session)


@bp.route("/sessions/<int:session_id>/mic/state")
@moderated_view
def mod_mic_state(session: DesignSession):
    """The open microphone's state as JSON for the moderator's page."""
    return jsonify(open_mic.state(session, None))


MIC_ACTIONS = {
    "floor": open_mic.give_floor,
    "skip": open_mic.skip,
    "done": open_mic.finish,
    "extend": open_mic.extend,
}


@bp.route("/sessions/<int:session_id>/mic/next", methods=["POST"])
@bp.route(
    "/sessions/<int:session_id>/mic/<int:hand_id>/<any(floor, skip, done, extend):action>",
    methods=["POST"],
)
@moderated_view
def mic_action(session: DesignSession, hand_id: int | None = None, action: str = "floor"):
    """Give the floor (to the next, or to a chosen hand), skip, finish, or add a minute."""
    form_or_400(ActionForm)
    try:
        if hand_id is None:
            hand = open_mic.give_floor(session, shared.me())
        else:
            hand = MIC_ACTIONS[action](session, shared.me(), hand_id)
    except EngagementError as error:
        return shared.refused(error, lambda e: _render_mod_mic(session, e))
    if shared.wants_json():
        return jsonify(ok=True, **open_mic.state(session, None))
    messages = {
        "floor": _("%(name)s has the floor.", name=hand.participant.full_name),
        "skip": _("%(name)s is skipped.", name=hand.participant.full_name),
        "done": _("%(name)s has finished.", name=hand.participant.full_name),
        "extend": _("%(name)s has one more minute.", name=hand.participant.full_name),
    }
    flash(messages[action], "success")
    return redirect(url_for("engagement.mic_queue", session_id=session.id))
