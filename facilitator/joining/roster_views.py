"""Moderator pages for the participants: the roster and the join-code share page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from facilitator.joining import roster as roster_service
from facilitator.joining import services as joining
from facilitator.joining.forms import LeaderForm, MoveParticipantForm
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_session_or_404

bp = Blueprint("roster", __name__, url_prefix="/sessions/<int:session_id>")


def _participant_or_404(session: DesignSession, participant_id: int) -> Participant:
    participant = roster_service.participant_in_session(session, participant_id)
    if participant is None:
        abort(404)
    return participant


def _back(session: DesignSession):
    return redirect(url_for("roster.roster", session_id=session.id))


def _render_roster(session: DesignSession, errors: dict[int, str] | None = None, status=200):
    sections = roster_service.roster_sections(session)
    options = [s.option for s in sections if s.option is not None]
    return render_template(
        "sessions/roster.html",
        session=session,
        sections=sections,
        total=sum(len(s.participants) for s in sections),
        move_form=MoveParticipantForm(formdata=None, options=options),
        errors=errors or {},
        active="participants",
        active_tab="participants",
    ), status


@bp.route("/participants")
@login_required
def roster(session_id: int):
    """Who joined, by group, with the moderator's actions."""
    session = moderated_session_or_404(session_id)
    return _render_roster(session)


@bp.route("/participants/<int:participant_id>/move", methods=["POST"])
@login_required
def move(session_id: int, participant_id: int):
    """Move a participant to another group, or out of every group."""
    session = moderated_session_or_404(session_id)
    participant = _participant_or_404(session, participant_id)
    form = MoveParticipantForm(options=joining.group_options(session))
    if form.validate_on_submit():
        try:
            group = roster_service.move_participant(participant, form.chosen_group_id)
        except joining.JoinError as error:
            return _render_roster(session, errors={participant.id: str(error)}, status=422)
        if group is None:
            flash(_("%(name)s is no longer in a group.", name=participant.full_name), "success")
        else:
            flash(
                _("%(name)s moved to «%(group)s».", name=participant.full_name, group=group.name),
                "success",
            )
        return _back(session)
    message = "; ".join(str(e) for e in form.group.errors) or _("Invalid request.")
    return _render_roster(session, errors={participant.id: message}, status=422)


@bp.route("/participants/<int:participant_id>/leader", methods=["POST"])
@login_required
def leader(session_id: int, participant_id: int):
    """Name a participant the leader of their group, or take the role away."""
    session = moderated_session_or_404(session_id)
    participant = _participant_or_404(session, participant_id)
    form = LeaderForm()
    if not form.validate_on_submit():
        abort(400)
    make_leader = form.leader.data == "1"
    try:
        replaced = roster_service.set_leader(participant, make_leader)
    except joining.JoinError as error:
        return _render_roster(session, errors={participant.id: str(error)}, status=422)
    if not make_leader:
        flash(_("%(name)s is no longer the group leader.", name=participant.full_name), "success")
    elif replaced is not None:
        flash(
            _(
                "%(name)s now leads the group instead of %(previous)s.",
                name=participant.full_name,
                previous=replaced.full_name,
            ),
            "success",
        )
    else:
        flash(_("%(name)s now leads the group.", name=participant.full_name), "success")
    return _back(session)


@bp.route("/participants/<int:participant_id>/remove", methods=["POST"])
@login_required
def remove(session_id: int, participant_id: int):
    """Remove a participant and their personal data from the session."""
    session = moderated_session_or_404(session_id)
    participant = _participant_or_404(session, participant_id)
    name = participant.full_name
    roster_service.remove_participant(participant)
    flash(_("%(name)s was removed from the session.", name=name), "success")
    return _back(session)


@bp.route("/participants/auto-balance", methods=["POST"])
@login_required
def auto_balance(session_id: int):
    """Place everyone without a group into the groups with the most free places."""
    session = moderated_session_or_404(session_id)
    result = roster_service.auto_balance(session)
    if result.placed == 0 and result.unplaced == 0:
        flash(_("Everyone is already in a group."), "info")
    else:
        flash(
            ngettext(
                "%(num)d participant placed in a group.",
                "%(num)d participants placed in groups.",
                result.placed,
            ),
            "success",
        )
    if result.unplaced:
        flash(
            ngettext(
                "%(num)d participant could not be placed: the groups are full.",
                "%(num)d participants could not be placed: the groups are full.",
                result.unplaced,
            ),
            "warning",
        )
    return _back(session)


@bp.route("/share")
@login_required
def share(session_id: int):
    """The join code, link and QR code to show the hall."""
    session = moderated_session_or_404(session_id)
    return render_template(
        "sessions/share.html",
        session=session,
        code=joining.format_join_code(session.join_code),
        join_url=joining.join_url(session),
        start_url=joining.start_url(),
        problem=joining.join_problem(session),
        active="share",
        active_tab="share",
    )
