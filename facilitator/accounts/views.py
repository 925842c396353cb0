"""Login, logout and the first-run setup page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from facilitator.accounts import services, setup
from facilitator.accounts.forms import LoginForm, SetupForm
from facilitator.accounts.models import Moderator
from facilitator.extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"


@login_manager.user_loader
def load_moderator(user_id: str) -> Moderator | None:
    """Flask-Login's loader."""
    return db.session.get(Moderator, int(user_id)) if user_id.isdigit() else None


@login_manager.unauthorized_handler
def _ask_to_log_in():
    flash(_("Please log in to continue."), "info")
    return redirect(url_for("accounts.login", next=request.full_path))


def _login_limit() -> str:
    return f"{current_app.config['LOGIN_ATTEMPTS_PER_MINUTE']}/minute"


def _is_failed_login(response) -> bool:
    return request.method == "POST" and response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_is_failed_login)
def login():
    """A moderator logs in; failed attempts are rate-limited per address."""
    if current_user.is_authenticated:
        return redirect(url_for("sessions.index"))
    form = LoginForm()
    if form.validate_on_submit():
        moderator = services.authenticate(form.email.data, form.password.data)
        if moderator:
            login_user(moderator, remember=form.remember.data)
            return redirect(_safe_next() or url_for("sessions.index"))
        form.password.errors.append(_("Wrong e-mail or password."))
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("accounts/login.html", form=form), status


@bp.errorhandler(429)
def _too_many_attempts(_error):
    # Never re-read the refused body: it may be what made the request fail.
    form = LoginForm(formdata=None)
    form.password.errors = [_("Too many failed attempts. Wait a minute and try again.")]
    return render_template("accounts/login.html", form=form), 429


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the moderator's login."""
    logout_user()
    flash(_("You have logged out."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/setup", methods=["GET", "POST"])
def first_run_setup():
    """Create the first moderator account with the token printed on the console."""
    form = SetupForm()
    token = request.values.get("token") or form.token.data
    if not setup.check_setup_token(token):
        abort(404)
    form.token.data = token
    if form.validate_on_submit():
        try:
            moderator = services.create_moderator(
                form.email.data, form.full_name.data, form.password.data
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            setup.retire_setup_token()
            login_user(moderator)
            flash(_("Your account is ready. Create your first session."), "success")
            return redirect(url_for("sessions.index"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/setup.html", form=form), status


def _safe_next() -> str | None:
    """Only follow ?next= to a path on this site."""
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return target
    return None
