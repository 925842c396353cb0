"""Models and comments pages: participants read models and comment, moderators hide comments."""

from __future__ import annotations

from flask import abort, flash, jsonify, make_response, redirect, url_for
from flask_babel import gettext as _

from facilitator.engagement import comments, common
from facilitator.engagement.errors import EngagementError, InvalidInput
from facilitator.engagement.forms import CommentForm, HideForm, UpvoteForm
from facilitator.engagement.views import common as shared
from facilitator.engagement.views.common import bp
from facilitator.errors import render_error
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_view
from facilitator.webforms import form_or_400


@bp.route("/s/<code>/models")
def models(code: str):
    """Every group's model with its number of comments."""
    return shared.participant_page(code, _render_models)


def _render_models(session: DesignSession, participant: Participant):
    return shared.participant_screen(
        "models",
        session,
        participant,
        counts=comments.visible_counts(session),
    )


def _render_model(session, participant, group, form=None, error=None):
    form = form or CommentForm(formdata=None)
    if error is not None and error.field == "body":
        form.body.errors = [*form.body.errors, error.message]
        error = None
    return shared.participant_screen(
        "model",
        session,
        participant,
        link="models",
        group=group,
        rows=comments.visible_for(group, participant),
        form=form,
        action_form=UpvoteForm(formdata=None),
        may_comment=session.phase in comments.COMMENT_PHASES,
        error=error,
    )


def _group_or_404(session: DesignSession, group_id: int):
    try:
        return common.group_of_session(session, group_id)
    except EngagementError as error:
        abort(make_response(render_error(error.status, error.message)))


@bp.route("/s/<code>/models/<int:group_id>")
def model(code: str, group_id: int):
    """One group's model: a link to read it, the comments and the comment form."""
    return shared.participant_page(
        code,
        lambda session, participant: _render_model(
            session, participant, _group_or_404(session, group_id)
        ),
    )


@bp.route("/s/<code>/models/<int:group_id>/comments", methods=["POST"])
@shared.participant_action
def add_comment(session: DesignSession, participant: Participant, group_id: int):
    """Sent by the comment form on a model's page."""
    group = _group_or_404(session, group_id)
    form = CommentForm()
    if not form.validate_on_submit():
        # The field's own check (control characters): the page again, the message by the field.
        message = next(str(m) for messages in form.errors.values() for m in messages)
        invalid = InvalidInput(message, "body")
        return shared.refused(invalid, lambda _e: _render_model(session, participant, group, form))
    try:
        comment = comments.add(participant, group.id, form.body.data)
    except EngagementError as error:
        return shared.refused(error, lambda e: _render_model(session, participant, group, form, e))
    if shared.wants_json():
        return jsonify(ok=True, comment_id=comment.id), 201
    flash(_("Your comment is published."), "success")
    return redirect(
        url_for("engagement.model", code=session.join_code, group_id=group.id)
        + f"#comment-{comment.id}"
    )


@bp.route("/s/<code>/comments/<int:comment_id>/upvote", methods=["POST"])
@shared.participant_action
def upvote(session: DesignSession, participant: Participant, comment_id: int):
    """Sent by a comment's «Support» or «Withdraw support» button."""
    form = form_or_400(UpvoteForm)
    try:
        count = comments.set_upvote(participant, comment_id, form.wants_support)
    except EngagementError as error:
        group_id = _comment_group(session, comment_id)
        if group_id is None:
            return shared.refused(error, lambda e: render_error(e.status, e.message)[0])
        group = common.group_of_session(session, group_id)
        return shared.refused(error, lambda e: _render_model(session, participant, group, error=e))
    if shared.wants_json():
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


def _render_mod_comments(session: DesignSession, error=None):
    return shared.moderator_page(
        "comments",
        session,
        by_group=comments.for_moderator(session),
        hide_form=HideForm(formdata=None),
        error=error,
    )


@bp.route("/sessions/<int:session_id>/comments")
@moderated_view
def comments_moderation(session: DesignSession):
    """Every comment by model, hidden ones marked, with «Hide» and «Show»."""
    return _render_mod_comments(session)


@bp.route("/sessions/<int:session_id>/comments/<int:comment_id>/hide", methods=["POST"])
@moderated_view
def hide_comment(session: DesignSession, comment_id: int):
    """Hide a comment from participants and the projector, or show it again."""
    form = form_or_400(HideForm)
    hidden = form.hidden.data != "0"
    try:
        comment = comments.set_hidden(session, comment_id, hidden, shared.me())
    except EngagementError as error:
        return shared.refused(error, lambda e: _render_mod_comments(session, e))
    if shared.wants_json():
        return jsonify(ok=True, hidden=comment.hidden)
    flash(_("The comment is hidden.") if hidden else _("The comment is shown again."), "success")
    return redirect(
        url_for("engagement.comments_moderation", session_id=session.id) + f"#comment-{comment.id}"
    )
