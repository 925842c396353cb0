"""Moderator pages for the participants: the roster and the join-code share page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.joining import roster as roster_service
from facilitator.joining import services as joining
from facilitator.joining.forms import LeaderForm, MoveParticipantForm
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import found_or_404, moderated_view
from facilitator.webforms import form_or_400

bp = Blueprint("roster", __name__, url_prefix="/sessions/<int:session_id>")


def _participant_or_404(session: DesignSession, participant_id: int) -> Participant:
    return found_or_404(roster_service.participant_in_session(session, participant_id))


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
@moderated_view
def roster(session: DesignSession):
    """Who joined, by group, with the moderator's actions."""
    return _render_roster(session)


@bp.route("/participants/<int:participant_id>/move", methods=["POST"])
@moderated_view
def move(session: DesignSession, participant_id: int):
    """Move a participant to another group, or out of every group."""
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
@moderated_view
def leader(session: DesignSession, participant_id: int):
    """Name a participant the leader of their group, or take the role away."""
    participant = _participant_or_404(session, participant_id)
    make_leader = form_or_400(LeaderForm).leader.data == "1"
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
@moderated_view
def remove(session: DesignSession, participant_id: int):
    """Remove a participant and their personal data from the session."""
    participant = _participant_or_404(session, participant_id)
    name = participant.full_name
    roster_service.remove_participant(participant)
    flash(_("%(name)s was removed from the session.", name=name), "success")
    return _back(session)


@bp.route("/participants/auto-balance", methods=["POST"])
@moderated_view
def auto_balance(session: DesignSession):
    """Place everyone without a group into the groups with the most free places."""
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
@moderated_view
def share(session: DesignSession):
    """The join code, link and QR code to show the hall."""
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
