"""Voting pages: participants place dots or rate models; moderators see results, set the vote."""

from __future__ import annotations

from flask import flash, jsonify, redirect, url_for
from flask_babel import gettext as _

from facilitator.engagement import common, rating, vote_settings, vote_texts, voting
from facilitator.engagement.errors import EngagementError
from facilitator.engagement.forms import DotsForm, VotingSettingsForm, rating_form
from facilitator.engagement.models import VotingMode
from facilitator.engagement.views import common as shared
from facilitator.engagement.views.common import bp
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.phases import Phase
from facilitator.webforms import form_or_400


def _render_vote(session, participant, error=None, rating_forms=None, error_group=None):
    """The voting page; ``error_group`` is the model whose card shows ``error``."""
    settings = common.settings_for(session)
    criteria = common.criteria_of(session) if settings.voting_mode == VotingMode.rating else []
    scores = rating.scores_of(participant) if criteria else {}
    forms = dict(rating_forms or {})
    for group in session.groups:
        if group.id not in forms and criteria:
            data = {
                f"score-{c.id}": str(scores[(group.id, c.id)])
                for c in criteria
                if (group.id, c.id) in scores
            }
            forms[group.id] = rating_form(criteria, prefix=f"g{group.id}", formdata=None, data=data)
    visible = common.results_visible(session, settings)
    return shared.participant_screen(
        "vote",
        session,
        participant,
        settings=settings,
        ballot=voting.ballot_of(participant, settings),
        criteria=criteria,
        rating_forms=forms,
        scores=scores,
        dots_form=DotsForm(formdata=None),
        is_open=session.phase == Phase.voting,
        is_over=common.voting_is_over(session),
        results_visible=visible,
        dot_results=voting.dot_results(session) if visible and not criteria else [],
        rating_results=rating.results(session) if visible and criteria else [],
        error=error,
        error_group=error_group,
    )


@bp.route("/s/<code>/vote")
def vote(code: str):
    """The participant's ballot: dots or scores per model, and the results when shown."""
    return shared.participant_page(code, _render_vote)


@bp.route("/s/<code>/vote/<int:group_id>", methods=["POST"])
@shared.participant_action
def place_dots(session: DesignSession, participant: Participant, group_id: int):
    """Sent by a model's «+» or «−» button with the wanted number of dots."""
    form = form_or_400(DotsForm)
    try:
        ballot = voting.set_dots(participant, group_id, form.dots.data)
    except EngagementError as error:
        return shared.refused(
            error, lambda e: _render_vote(session, participant, e, None, group_id)
        )
    if shared.wants_json():
        return jsonify(
            ok=True,
            used=ballot.used,
            left=ballot.left,
            on=ballot.by_group,
            **vote_texts.after_change(session, ballot, group_id),
        )
    return redirect(url_for("engagement.vote", code=session.join_code) + f"#model-{group_id}")


@bp.route("/s/<code>/rate/<int:group_id>", methods=["POST"])
@shared.participant_action
def rate(session: DesignSession, participant: Participant, group_id: int):
    """Sent by a model's rating form."""
    criteria = common.criteria_of(session)
    form = form_or_400(rating_form, criteria, prefix=f"g{group_id}")
    try:
        rating.rate(participant, group_id, form.scores())
    except EngagementError as error:
        if isinstance(error.field, int):
            field = form._fields.get(f"score-{error.field}")
            if field is not None:
                field.errors = [*field.errors, error.message]
        return shared.refused(
            error, lambda e: _render_vote(session, participant, e, {group_id: form}, group_id)
        )
    if shared.wants_json():
        return jsonify(ok=True)
    flash(_("Your scores are saved. You can change them until voting closes."), "success")
    return redirect(url_for("engagement.vote", code=session.join_code) + f"#model-{group_id}")


@bp.route("/sessions/<int:session_id>/voting")
@moderated_view
def results(session: DesignSession):
    """The voting's progress and results; the moderator always sees them."""
    settings = common.settings_for(session)
    rating_mode = settings.voting_mode == VotingMode.rating
    return shared.moderator_page(
        "results",
        session,
        settings=settings,
        tally=voting.counts(session),
        visible=common.results_visible(session, settings),
        dot_results=[] if rating_mode else voting.dot_results(session),
        rating_results=rating.results(session) if rating_mode else [],
        version=voting.results_version(session),
        criteria=common.criteria_of(session) if rating_mode else [],
    )


@bp.route("/sessions/<int:session_id>/voting/state")
@moderated_view
def results_state(session: DesignSession):
    """A version of the results as JSON, so the moderator's page refreshes when they change."""
    tally = voting.counts(session)
    return jsonify(
        version=voting.results_version(session),
        voters=tally.voters,
        dots=tally.dots_cast,
        raters=tally.raters,
    )


@bp.route("/sessions/<int:session_id>/voting/settings", methods=["GET", "POST"])
@moderated_view
def settings(session: DesignSession):
    """The voting's way, dots, cap, own-group rule, hidden results, criteria, speaker time."""
    stored = common.settings_for(session)
    form = VotingSettingsForm(
        obj=stored, data={"criteria": "\n".join(common.criteria_titles(session))}
    )
    if form.validate_on_submit():
        change = vote_settings.SettingsChange(
            voting_mode=VotingMode(form.voting_mode.data),
            dots_per_participant=form.dots_per_participant.data,
            max_dots_per_model=form.max_dots_per_model.data,
            forbid_own_group=form.forbid_own_group.data,
            hide_results_until_closed=form.hide_results_until_closed.data,
            speaker_seconds=form.seconds(),
            criteria=form.criteria_titles(),
        )
        try:
            vote_settings.update_settings(session, change, shared.me())
        except EngagementError as error:
            field = form._fields.get(str(error.field))
            if field is not None:
                field.errors = [*field.errors, error.message]
            else:
                form.form_errors.append(error.message)
        else:
            flash(_("The voting settings are saved."), "success")
            return redirect(url_for("engagement.settings", session_id=session.id))
    status = 422 if form.is_submitted() else 200
    return shared.moderator_page(
        "settings",
        session,
        form=form,
        tally=voting.counts(session),
    ), status
