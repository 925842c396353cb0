"""The moderator's account page: change the password, see and end the logins."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitator.accounts import logins, services
from facilitator.accounts.devices import device_label
from facilitator.accounts.forms import ChangePasswordForm, LogOutEverywhereForm

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(password_form: ChangePasswordForm | None = None, status: int = 200):
    moderator = current_user._get_current_object()
    here = logins.this_devices_login(moderator)
    return render_template(
        "accounts/settings.html",
        password_form=password_form or ChangePasswordForm(formdata=None),
        everywhere_form=LogOutEverywhereForm(formdata=None),
        active_logins=logins.active_logins(moderator),
        this_login_id=here.id if here else None,
        device_label=device_label,
    ), status


@bp.route("/")
@login_required
def settings():
    """The account page: the password form and the devices that stay logged in."""
    return _page()


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    """A new password; every other login of the account ends, this one goes on."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    moderator = current_user._get_current_object()
    try:
        services.change_password(moderator, form.current_password.data, form.password.data)
    except services.AccountError as error:
        form.current_password.errors.append(str(error))
        return _page(form, 422)
    flash(_("Your password is changed. You were logged out on every other device."), "success")
    return redirect(url_for("account.settings"))


@bp.route("/logins/<int:login_id>/end", methods=["POST"])
@login_required
def end_login(login_id: int):
    """Forget one remembered device: its remember-me cookie stops working."""
    if not LogOutEverywhereForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
    elif logins.end_remember_login(current_user._get_current_object(), login_id):
        flash(_("That device is no longer remembered."), "success")
    else:
        flash(_("That login has already ended."), "info")
    return redirect(url_for("account.settings"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def log_out_everywhere():
    """End every login of the account, this browser's too."""
    if not LogOutEverywhereForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("account.settings"))
    logins.log_out_everywhere(current_user._get_current_object())
    flash(_("You have logged out on every device."), "success")
    return redirect(url_for("accounts.login"))
