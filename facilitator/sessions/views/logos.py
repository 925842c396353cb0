"""Organisations' logos: uploaded on the overview tab, served publicly."""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions import logos
from facilitator.sessions.forms import LogoForm
from facilitator.sessions.models import DesignSession, SessionLogo
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.views.common import (
    bp,
    delete_and_move,
    me,
    render_overview,
    session_child,
)

LOGO_MAX_AGE = 3600
#: A logo's address: its image; its delete and move buttons add to it
LOGO = "/<int:session_id>/logos/<int:logo_id>"


@bp.route("/<int:session_id>/logos", methods=["POST"])
@moderated_view
def upload_logo(session: DesignSession):
    """Add a logo; a file that is not a whole PNG or JPEG is refused next to the field."""
    form = LogoForm()
    if not form.validate_on_submit():
        return render_overview(session, form, 422)
    upload = form.file.data
    try:
        data = logos.read_upload(upload.stream, current_app.config["MAX_LOGO_BYTES"])
        logos.add_logo(session, upload.filename, data, me())
    except logos.LogoError as error:
        form.file.errors = [*form.file.errors, str(error)]
        return render_overview(session, form, 422)
    flash(_("The logo is added."), "success")
    return _to_logos(session)


def _to_logos(session: DesignSession, _logo: SessionLogo | None = None):
    # The logos are one list on the overview: back to the list, whichever logo moved.
    return redirect(url_for("sessions.overview", session_id=session.id, _anchor="logos"))


@delete_and_move(
    bp, LOGO, "logo", find=session_child(SessionLogo), move=logos.order.move, back=_to_logos
)
def _delete_logo(logo: SessionLogo, by: Moderator) -> str:
    logos.order.delete(logo, by)
    return _("The logo is deleted.")


@bp.route(LOGO)
def logo_image(session_id: int, logo_id: int):
    """The logo's bytes; public, since logos appear on participants' pages and documents."""
    logo = db.session.get(SessionLogo, logo_id)
    if logo is None or logo.session_id != session_id:
        abort(404)
    response = make_response(logo.data)
    response.headers["Content-Type"] = logo.mimetype
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.cache_control.public = True
    response.cache_control.max_age = LOGO_MAX_AGE
    response.set_etag(logos.etag(logo))
    return response.make_conditional(request)
