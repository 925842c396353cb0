"""Login, logout and the first-run setup page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from facilitator.accounts import logins, services, setup
from facilitator.accounts.forms import LoginForm, SetupForm
from facilitator.extensions import db, limiter, login_manager
from facilitator.security.local_paths import is_local_path

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.user_loader(logins.load_moderator)
login_manager.request_loader(logins.load_from_remember_cookie)
bp.before_app_request(logins.load_login_afresh)
bp.after_app_request(logins.write_remember_cookie)


@login_manager.unauthorized_handler
def _ask_to_log_in():
    flash(_("Please log in to continue."), "info")
    return redirect(url_for("accounts.login", next=request.full_path))


def _window() -> str:
    return f"{current_app.config['LOGIN_FAILURE_WINDOW_MINUTES']} minutes"


def _per_account_limit() -> str:
    return f"{current_app.config['LOGIN_FAILURES_PER_ACCOUNT']} per {_window()}"


def _per_address_limit() -> str:
    return f"{current_app.config['LOGIN_FAILURES_PER_ADDRESS']} per {_window()}"


def _account_key() -> str:
    """The address typed in, so guesses at one account are counted from every network."""
    return "login-account:" + request.form.get("email", "").strip().lower()[:254]


def _is_failed_login(response) -> bool:
    return request.method == "POST" and response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _per_address_limit,
    key_func=get_remote_address,
    methods=["POST"],
    deduct_when=_is_failed_login,
)
@limiter.limit(
    _per_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_is_failed_login
)
def login():
    """A moderator logs in; failed attempts are limited per account and per address."""
    if current_user.is_authenticated:
        return redirect(url_for("sessions.index"))
    form = LoginForm()
    if form.validate_on_submit():
        moderator = services.authenticate(form.email.data, form.password.data)
        if moderator:
            logins.log_in(moderator, remember=form.remember.data)
            return redirect(_safe_next() or url_for("sessions.index"))
        form.password.errors.append(_("Wrong e-mail or password."))
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("accounts/login.html", form=form), status


@bp.errorhandler(429)
def _too_many_attempts(_error):
    # Never re-read the refused body: it may be what made the request fail.
    form = LoginForm(formdata=None)
    form.password.errors = [
        ngettext(
            "Too many failed attempts. Wait %(num)d minute and try again.",
            "Too many failed attempts. Wait %(num)d minutes and try again.",
            current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"],
        )
    ]
    return render_template("accounts/login.html", form=form), 429


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the moderator's login here, and every session cookie of the account."""
    logins.log_out(current_user._get_current_object())
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
            logins.log_in(moderator, remember=False)
            flash(_("Your account is ready. Create your first session."), "success")
            return redirect(url_for("sessions.index"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/setup.html", form=form), status


def _safe_next() -> str | None:
    """Only follow ?next= to a path on this site."""
    target = request.args.get("next", "")
    return target if is_local_path(target) else None
