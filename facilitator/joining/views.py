"""Participants' pages: enter the code, register, choose a group, the participant's home."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from facilitator.joining import services as joining
from facilitator.joining.forms import ChangeGroupForm, EnterCodeForm, RegistrationForm
from facilitator.joining.identity import (
    current_participant,
    device_id_from_request,
    new_device_id,
    remember_device,
    sign_known_bare_cookie,
)
from facilitator.joining.pages import session_or_404
from facilitator.joining.qr import qr_png, qr_svg
from facilitator.offline.views import allow_offline
from facilitator.sessions.codes import normalise_join_code

bp = Blueprint("join", __name__)
bp.after_app_request(sign_known_bare_cookie)


def _home(code: str):
    """To the participant's page of the session with this join code."""
    return redirect(url_for("join.home", code=code))


def _refuse(code: str, problem: str, status: int):
    """The start page with the code filled in and the reason it does not work next to it."""
    form = EnterCodeForm(formdata=None, code=joining.format_join_code(normalise_join_code(code)))
    form.code.errors = [problem]
    return render_template("join/enter_code.html", form=form), status


@bp.route("/", methods=["GET", "POST"])
@bp.route("/join", methods=["GET", "POST"])
def enter_code():
    """The start page where a participant types the join code."""
    form = EnterCodeForm()
    if form.validate_on_submit():
        session = joining.find_session_by_code(form.code.data)
        if session is not None and current_participant(session):
            return _home(session.join_code)
        problem = joining.join_problem(session)
        if problem is None:
            return redirect(url_for("join.register", code=session.join_code))
        form.code.errors.append(problem)
    status = 422 if request.method == "POST" else 200
    return render_template("join/enter_code.html", form=form), status


@bp.route("/j/<code>")
def direct_link(code: str):
    """The link in the QR code: straight to registration, or home for a known device."""
    session = joining.find_session_by_code(code)
    if session is not None:
        g.session_language = session.language
        if current_participant(session):
            return _home(session.join_code)
    problem = joining.join_problem(session)
    if problem:
        return _refuse(code, problem, 404 if session is None else 403)
    return redirect(url_for("join.register", code=session.join_code))


@bp.route("/s/<code>/register", methods=["GET", "POST"])
def register(code: str):
    """The registration form: who you are, consent, and the group you want to work in."""
    session = session_or_404(code)
    if current_participant(session):
        flash(_("You are already registered in this session."), "info")
        return _home(session.join_code)
    problem = joining.join_problem(session)
    if problem:
        return _refuse(session.join_code, problem, 403)
    form = RegistrationForm(options=joining.group_options(session))
    if form.validate_on_submit():
        device_id = device_id_from_request() or new_device_id()
        details = joining.ParticipantDetails(
            full_name=form.full_name.data,
            organisation=form.organisation.data,
            position=form.position.data,
            city=form.city.data,
            email=form.email.data or None,
        )
        try:
            registered = joining.register_participant(
                session, device_id, details, form.chosen_group_id
            )
        except joining.AlreadyRegisteredError as error:
            flash(str(error), "warning")
            return remember_device(_home(session.join_code), device_id)
        except joining.JoinError as error:
            form.group.errors.append(str(error))
            form.options = joining.group_options(session)
        else:
            if registered.group_name is None:
                flash(
                    _("You are registered. All groups are full: the moderator will place you."),
                    "warning",
                )
            else:
                flash(
                    _("You are registered in the group «%(name)s».", name=registered.group_name),
                    "success",
                )
            return remember_device(_home(registered.join_code), device_id)
    status = 422 if request.method == "POST" else 200
    return render_template("join/register.html", session=session, form=form), status


@bp.route("/s/<code>/consent")
def consent(code: str):
    """The text of the consent to the processing of personal data."""
    session = session_or_404(code)
    return render_template("join/consent.html", session=session)


def _render_home(session, participant, change_form=None, status: int = 200):
    options = joining.group_options(session)
    if change_form is None and joining.may_change_group(session):
        change_form = ChangeGroupForm(
            formdata=None, options=options, current_group_id=participant.group_id
        )
    members = next((o.members for o in options if o.group.id == participant.group_id), 0)
    group = participant.group
    return render_template(
        "join/home.html",
        session=session,
        participant=participant,
        group=group,
        leader=joining.group_leader(group) if group is not None else None,
        members=members,
        change_form=change_form,
    ), status


@bp.route("/s/<code>/")
def home(code: str):
    """The participant's page: the session, the phase, their group and the agenda."""
    session = session_or_404(code)
    participant = current_participant(session)
    if participant is None:
        return redirect(url_for("join.register", code=session.join_code))
    return allow_offline(make_response(_render_home(session, participant)))


@bp.route("/s/<code>/group", methods=["POST"])
def change_group(code: str):
    """A participant moves to another group with free places, before the group work."""
    session = session_or_404(code)
    participant = current_participant(session)
    if participant is None:
        return redirect(url_for("join.register", code=session.join_code))
    if not joining.may_change_group(session):
        flash(_("Groups can no longer be changed: the group work has begun."), "error")
        return _home(session.join_code)
    form = ChangeGroupForm(
        options=joining.group_options(session), current_group_id=participant.group_id
    )
    if form.validate_on_submit():
        try:
            group = joining.change_own_group(participant, int(form.group.data))
        except joining.JoinError as error:
            form.group.errors.append(str(error))
        else:
            flash(_("You moved to the group «%(name)s».", name=group.name), "success")
            return _home(session.join_code)
    return _render_home(session, participant, change_form=form, status=422)


def _qr_response(url: str, draw: Callable[[], bytes], mimetype: str) -> Response:
    """A QR image browsers revalidate: its ETag follows the link, which moves with --hall."""
    tag = hashlib.sha256(f"{url} {get_locale()}".encode()).hexdigest()[:20]
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = Response(draw(), mimetype=mimetype)
    response.set_etag(tag)
    response.cache_control.no_cache = True
    return response


@bp.route("/s/<code>/qr.svg")
def qr_code_svg(code: str):
    """The QR code of the session's join link, as SVG."""
    session = session_or_404(code)
    title = _("Join the session with code %(code)s", code=session.join_code)
    url = joining.join_url(session)
    return _qr_response(url, lambda: qr_svg(url, title=title), "image/svg+xml")


@bp.route("/s/<code>/qr.png")
def qr_code_png(code: str):
    """The QR code of the session's join link, as a PNG file for slides."""
    session = session_or_404(code)
    url = joining.join_url(session)
    response = _qr_response(url, lambda: qr_png(url), "image/png")
    if request.args.get("download"):
        response.headers["Content-Disposition"] = (
            f'attachment; filename="qr-{session.join_code}.png"'
        )
    return response
