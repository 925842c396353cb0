"""The moderator's page for API tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitator.accounts.models import Moderator
from facilitator.api import tokens
from facilitator.api.forms import NewTokenForm, RevokeForm

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")


def _me() -> Moderator:
    return current_user._get_current_object()


def _page(form: NewTokenForm, issued: tokens.IssuedToken | None = None, status: int = 200):
    return render_template(
        "api/tokens.html",
        form=form,
        issued=issued,
        tokens=tokens.tokens_of(_me()),
        max_tokens=tokens.MAX_ACTIVE_TOKENS,
    ), status


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    """The list of tokens and the form for a new one; a new token is shown on this page once."""
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422 if form.is_submitted() else 200)
    try:
        issued = tokens.issue(_me(), form.name.data)
    except tokens.TokenError as error:
        form.name.errors = [*form.name.errors, str(error)]
        return _page(form, status=422)
    # Rendered, not redirected: a flash message would carry the secret in the session cookie.
    page, status = _page(NewTokenForm(formdata=None), issued, 201)
    return page, status, {"Cache-Control": "no-store"}


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    """Revoke one of the moderator's tokens: programs using it lose access at once."""
    if not RevokeForm().validate_on_submit():
        abort(400)
    record = tokens.revoke(_me(), token_id)
    if record is None:
        abort(404)
    flash(_("The token «%(name)s» is revoked.", name=record.name), "success")
    return redirect(url_for(".index"))
