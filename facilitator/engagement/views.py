"""Pages of the open microphone, comments and voting.

Participants (device cookie) under ``/s/<code>/…``: ``mic``, ``models``, ``models/<group_id>``,
``vote``. Moderators under ``/sessions/<id>/…``: ``mic``, ``comments``, ``voting``,
``voting/settings``. Forms post and redirect; a refused request shows the page again with the
reason next to what caused it and a 4xx status, or JSON for ``fetch`` calls.
"""

from __future__ import annotations

import hmac

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitator.engagement import comments, common, open_mic, rating, vote_texts, voting
from facilitator.engagement.errors import EngagementError
from facilitator.engagement.forms import (
    ActionForm,
    CommentForm,
    DotsForm,
    HideForm,
    RaiseHandForm,
    UpvoteForm,
    VotingSettingsForm,
    rating_form,
)
from facilitator.engagement.models import HandState, VotingMode, aware
from facilitator.errors import render_error
from facilitator.sessions import joining
from facilitator.sessions.identity import current_participant
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_session_or_404
from facilitator.sessions.phases import Phase

bp = Blueprint("engagement", __name__)


@bp.app_template_filter("average")
def average_filter(value: float | None) -> str:
    """An average score with one decimal in the page's locale, or a dash."""
    return "—" if value is None else format_decimal(value, format="0.0")


@bp.app_template_filter("clock")
def clock_filter(seconds: int | None) -> str:
    """Seconds as m:ss; negative when the speaker is over time."""
    if seconds is None:
        return ""
    sign = "−" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


@bp.app_template_global("engagement_links")
def engagement_links(session: DesignSession) -> list[tuple[str, str, bool]]:
    """Participant links to the open microphone, the models and the voting: (key, url, now).

    ``now`` marks the link of the current phase; other pages may show these links too.
    """
    code = session.join_code
    return [
        ("mic", url_for("engagement.mic", code=code), session.phase == Phase.open_mic),
        ("models", url_for("engagement.models", code=code), session.phase == Phase.presentations),
        ("vote", url_for("engagement.vote", code=code), session.phase == Phase.voting),
    ]


def _wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


def _session_or_404(code: str) -> DesignSession:
    """The session with this code, its language set for the page; 404 if there is none."""
    session = joining.find_session_by_code(code)
    if session is None:
        abort(404)
    g.session_language = session.language
    return session


def _participant(session: DesignSession) -> Participant:
    """The visitor as a participant of this session; others may not post here."""
    participant = current_participant(session)
    if participant is None:
        abort(make_response(render_error(403, _("Only participants of this session can do this."))))
    return participant


def _is_projector(session: DesignSession) -> bool:
    """Whether the request carries the session's projector token (header or ?token=)."""
    given = request.headers.get("X-Projector-Token") or request.args.get("token") or ""
    return hmac.compare_digest(given.encode(), session.projector_token.encode())


def _register(session: DesignSession):
    return redirect(url_for("join.register", code=session.join_code))


def _refused(error: EngagementError, page):
    """A refused request: JSON for fetch calls, else the page again with the reason."""
    if _wants_json():
        return jsonify(ok=False, error=error.message, field=error.field), error.status
    return page(error), error.status


# --- participants: the open microphone ---------------------------------------------------


def _render_mic(session: DesignSession, participant: Participant, error=None, form=None):
    line = open_mic.queue(session)
    hand = open_mic.active_hand(participant)
    form = form or RaiseHandForm(formdata=None, groups=session.groups)
    return render_template(
        "engagement/mic.html",
        session=session,
        participant=participant,
        line=line,
        hand=hand,
        place=line.place_of(participant.id),
        form=form,
        action_form=ActionForm(formdata=None),
        error=error,
        state=open_mic.state(session, participant),
        active_link="mic",
    )


@bp.route("/s/<code>/mic")
def mic(code: str):
    """The open microphone: who speaks, the participant's place, raise or lower the hand."""
    session = _session_or_404(code)
    participant = current_participant(session)
    if participant is None:
        return _register(session)
    return _render_mic(session, participant)


@bp.route("/s/<code>/mic/state")
def mic_state(code: str):
    """The open microphone's state as JSON, for pages that refresh themselves.

    It names the speaker, so only the session's participants and its projector may read it.
    """
    session = _session_or_404(code)
    participant = current_participant(session)
    if participant is None and not _is_projector(session):
        abort(make_response(render_error(403, _("Only participants of this session can do this."))))
    return jsonify(open_mic.state(session, participant))


@bp.route("/s/<code>/mic/raise", methods=["POST"])
def raise_hand(code: str):
    """Sent by a participant's «Raise my hand» button."""
    session = _session_or_404(code)
    participant = _participant(session)
    form = RaiseHandForm(groups=session.groups)
    if not form.validate_on_submit():
        abort(400)
    try:
        open_mic.raise_hand(participant, form.about.data or None)
    except EngagementError as error:
        return _refused(error, lambda e: _render_mic(session, participant, e, form))
    if _wants_json():
        return jsonify(ok=True, **open_mic.state(session, participant))
    flash(_("Your hand is raised. The moderator will give you the floor."), "success")
    return redirect(url_for("engagement.mic", code=session.join_code))


@bp.route("/s/<code>/mic/lower", methods=["POST"])
def lower_hand(code: str):
    """Sent by a participant's «Lower my hand» or «I have finished» button."""
    session = _session_or_404(code)
    participant = _participant(session)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        result = open_mic.lower_hand(participant)
    except EngagementError as error:
        return _refused(error, lambda e: _render_mic(session, participant, e))
    if _wants_json():
        return jsonify(ok=True, **open_mic.state(session, participant))
    if result == HandState.done:
        flash(_("Thank you! Your turn is over."), "success")
    else:
        flash(_("Your hand is lowered."), "success")
    return redirect(url_for("engagement.mic", code=session.join_code))


# --- participants: models and comments ---------------------------------------------------


@bp.route("/s/<code>/models")
def models(code: str):
    """Every group's model with its number of comments."""
    session = _session_or_404(code)
    participant = current_participant(session)
    if participant is None:
        return _register(session)
    return render_template(
        "engagement/models.html",
        session=session,
        participant=participant,
        counts=comments.visible_counts(session),
        active_link="models",
    )


def _render_model(session, participant, group, form=None, error=None):
    form = form or CommentForm(formdata=None)
    if error is not None and error.field == "body":
        form.body.errors = [*form.body.errors, error.message]
        error = None
    return render_template(
        "engagement/model.html",
        session=session,
        participant=participant,
        group=group,
        rows=comments.visible_for(group, participant),
        form=form,
        action_form=UpvoteForm(formdata=None),
        may_comment=session.phase in comments.COMMENT_PHASES,
        error=error,
        active_link="models",
    )


def _group_or_404(session: DesignSession, group_id: int):
    try:
        return common.group_of_session(session, group_id)
    except EngagementError as error:
        abort(make_response(render_error(error.status, error.message)))


@bp.route("/s/<code>/models/<int:group_id>")
def model(code: str, group_id: int):
    """One group's model: a link to read it, the comments and the comment form."""
    session = _session_or_404(code)
    participant = current_participant(session)
    if participant is None:
        return _register(session)
    group = _group_or_404(session, group_id)
    return _render_model(session, participant, group)


@bp.route("/s/<code>/models/<int:group_id>/comments", methods=["POST"])
def add_comment(code: str, group_id: int):
    """Sent by the comment form on a model's page."""
    session = _session_or_404(code)
    participant = _participant(session)
    group = _group_or_404(session, group_id)
    form = CommentForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        comment = comments.add(participant, group.id, form.body.data)
    except EngagementError as error:
        return _refused(error, lambda e: _render_model(session, participant, group, form, e))
    if _wants_json():
        return jsonify(ok=True, comment_id=comment.id), 201
    flash(_("Your comment is published."), "success")
    return redirect(
        url_for("engagement.model", code=session.join_code, group_id=group.id)
        + f"#comment-{comment.id}"
    )


@bp.route("/s/<code>/comments/<int:comment_id>/upvote", methods=["POST"])
def upvote(code: str, comment_id: int):
    """Sent by a comment's «Support» or «Withdraw support» button."""
    session = _session_or_404(code)
    participant = _participant(session)
    form = UpvoteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        count = comments.set_upvote(participant, comment_id, form.wants_support)
    except EngagementError as error:
        group_id = _comment_group(session, comment_id)
        if group_id is None:
            return _refused(error, lambda e: render_error(e.status, e.message)[0])
        group = common.group_of_session(session, group_id)
        return _refused(error, lambda e: _render_model(session, participant, group, error=e))
    if _wants_json():
        return jsonify(ok=True, upvotes=count, upvoted=form.wants_support)
    group_id = _comment_group(session, comment_id)
    return redirect(
        url_for("engagement.model", code=session.join_code, group_id=group_id)
        + f"#comment-{comment_id}"
    )


def _comment_group(session: DesignSession, comment_id: int) -> int | None:
    """The group of a visible comment of the session, for redirects."""
    try:
        comment = comments.comment_in_session(session, comment_id)
    except EngagementError:
        return None
    return None if comment.hidden else comment.group_id


# --- participants: voting ----------------------------------------------------------------


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
    return render_template(
        "engagement/vote.html",
        session=session,
        participant=participant,
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
        active_link="vote",
    )


@bp.route("/s/<code>/vote")
def vote(code: str):
    """The participant's ballot: dots or scores per model, and the results when shown."""
    session = _session_or_404(code)
    participant = current_participant(session)
    if participant is None:
        return _register(session)
    return _render_vote(session, participant)


@bp.route("/s/<code>/vote/<int:group_id>", methods=["POST"])
def place_dots(code: str, group_id: int):
    """Sent by a model's «+» or «−» button with the wanted number of dots."""
    session = _session_or_404(code)
    participant = _participant(session)
    form = DotsForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        ballot = voting.set_dots(participant, group_id, form.dots.data)
    except EngagementError as error:
        return _refused(error, lambda e: _render_vote(session, participant, e, None, group_id))
    if _wants_json():
        return jsonify(
            ok=True,
            used=ballot.used,
            left=ballot.left,
            on=ballot.by_group,
            **vote_texts.after_change(session, ballot, group_id),
        )
    return redirect(url_for("engagement.vote", code=session.join_code) + f"#model-{group_id}")


@bp.route("/s/<code>/rate/<int:group_id>", methods=["POST"])
def rate(code: str, group_id: int):
    """Sent by a model's rating form."""
    session = _session_or_404(code)
    participant = _participant(session)
    criteria = common.criteria_of(session)
    form = rating_form(criteria, prefix=f"g{group_id}")
    if not form.validate_on_submit():
        abort(400)
    try:
        rating.rate(participant, group_id, form.scores())
    except EngagementError as error:
        if isinstance(error.field, int):
            field = form._fields.get(f"score-{error.field}")
            if field is not None:
                field.errors = [*field.errors, error.message]
        return _refused(
            error, lambda e: _render_vote(session, participant, e, {group_id: form}, group_id)
        )
    if _wants_json():
        return jsonify(ok=True)
    flash(_("Your scores are saved. You can change them until voting closes."), "success")
    return redirect(url_for("engagement.vote", code=session.join_code) + f"#model-{group_id}")


# --- moderators --------------------------------------------------------------------------


def _me():
    return current_user._get_current_object()


def _check_action() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def _render_mod_mic(session: DesignSession, error=None):
    return render_template(
        "engagement/mod_mic.html",
        session=session,
        line=open_mic.queue(session),
        recent=open_mic.recent(session),
        settings=common.settings_for(session),
        state=open_mic.state(session, None),
        error=error,
        active_tab="engagement",
        active_section="mic",
    )


@bp.route("/sessions/<int:session_id>/mic")
@login_required
def mic_queue(session_id: int):
    """The moderator's open microphone: the speaker with the time, the queue, the actions."""
    session = moderated_session_or_404(session_id)
    return _render_mod_mic(session)


@bp.route("/sessions/<int:session_id>/mic/state")
@login_required
def mod_mic_state(session_id: int):
    """The open microphone's state as JSON for the moderator's page."""
    session = moderated_session_or_404(session_id)
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
@login_required
def mic_action(session_id: int, hand_id: int | None = None, action: str = "floor"):
    """Give the floor (to the next, or to a chosen hand), skip, finish, or add a minute."""
    session = moderated_session_or_404(session_id)
    _check_action()
    try:
        if hand_id is None:
            hand = open_mic.give_floor(session, _me())
        else:
            hand = MIC_ACTIONS[action](session, _me(), hand_id)
    except EngagementError as error:
        return _refused(error, lambda e: _render_mod_mic(session, e))
    if _wants_json():
        return jsonify(ok=True, **open_mic.state(session, None))
    messages = {
        "floor": _("%(name)s has the floor.", name=hand.participant.full_name),
        "skip": _("%(name)s is skipped.", name=hand.participant.full_name),
        "done": _("%(name)s has finished.", name=hand.participant.full_name),
        "extend": _("%(name)s has one more minute.", name=hand.participant.full_name),
    }
    flash(messages[action], "success")
    return redirect(url_for("engagement.mic_queue", session_id=session.id))


def _render_mod_comments(session: DesignSession, error=None):
    return render_template(
        "engagement/mod_comments.html",
        session=session,
        by_group=comments.for_moderator(session),
        hide_form=HideForm(formdata=None),
        error=error,
        active_tab="engagement",
        active_section="comments",
    )


@bp.route("/sessions/<int:session_id>/comments")
@login_required
def comments_moderation(session_id: int):
    """Every comment by model, hidden ones marked, with «Hide» and «Show»."""
    session = moderated_session_or_404(session_id)
    return _render_mod_comments(session)


@bp.route("/sessions/<int:session_id>/comments/<int:comment_id>/hide", methods=["POST"])
@login_required
def hide_comment(session_id: int, comment_id: int):
    """Hide a comment from participants and the projector, or show it again."""
    session = moderated_session_or_404(session_id)
    form = HideForm()
    if not form.validate_on_submit():
        abort(400)
    hidden = form.hidden.data != "0"
    try:
        comment = comments.set_hidden(session, comment_id, hidden, _me())
    except EngagementError as error:
        return _refused(error, lambda e: _render_mod_comments(session, e))
    if _wants_json():
        return jsonify(ok=True, hidden=comment.hidden)
    flash(_("The comment is hidden.") if hidden else _("The comment is shown again."), "success")
    return redirect(
        url_for("engagement.comments_moderation", session_id=session.id) + f"#comment-{comment.id}"
    )


@bp.route("/sessions/<int:session_id>/voting")
@login_required
def results(session_id: int):
    """The voting's progress and results; the moderator always sees them."""
    session = moderated_session_or_404(session_id)
    settings = common.settings_for(session)
    rating_mode = settings.voting_mode == VotingMode.rating
    return render_template(
        "engagement/mod_results.html",
        session=session,
        settings=settings,
        tally=voting.counts(session),
        visible=common.results_visible(session, settings),
        dot_results=[] if rating_mode else voting.dot_results(session),
        rating_results=rating.results(session) if rating_mode else [],
        version=voting.results_version(session),
        criteria=common.criteria_of(session) if rating_mode else [],
        active_tab="engagement",
        active_section="results",
    )


@bp.route("/sessions/<int:session_id>/voting/state")
@login_required
def results_state(session_id: int):
    """A version of the results as JSON, so the moderator's page refreshes when they change."""
    session = moderated_session_or_404(session_id)
    tally = voting.counts(session)
    return jsonify(
        version=voting.results_version(session),
        voters=tally.voters,
        dots=tally.dots_cast,
        raters=tally.raters,
    )


@bp.route("/sessions/<int:session_id>/voting/settings", methods=["GET", "POST"])
@login_required
def settings(session_id: int):
    """The voting's way, dots, cap, own-group rule, hidden results, criteria, speaker time."""
    session = moderated_session_or_404(session_id)
    stored = common.settings_for(session)
    form = VotingSettingsForm(
        obj=stored, data={"criteria": "\n".join(common.criteria_titles(session))}
    )
    if form.validate_on_submit():
        change = voting.SettingsChange(
            voting_mode=VotingMode(form.voting_mode.data),
            dots_per_participant=form.dots_per_participant.data,
            max_dots_per_model=form.max_dots_per_model.data,
            forbid_own_group=form.forbid_own_group.data,
            hide_results_until_closed=form.hide_results_until_closed.data,
            speaker_seconds=form.seconds(),
            criteria=form.criteria_titles(),
        )
        try:
            voting.update_settings(session, change, _me())
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
    return render_template(
        "engagement/mod_settings.html",
        session=session,
        form=form,
        tally=voting.counts(session),
        active_tab="engagement",
        active_section="settings",
    ), status


bp.add_app_template_global(vote_texts.dots_label, "dots_label")
bp.add_app_template_global(aware, "aware_time")
