"""Moderator pages of the pre-registration import: upload, preview with the columns, import."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.door import grouping, importing, reading, uploads
from facilitator.door.forms import ActionForm, ImportForm, UploadForm, column_choices
from facilitator.door.headers import LABELS
from facilitator.joining.pages import flash_placement, participants_page
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import moderated_view
from facilitator.webforms import form_or_400

bp = Blueprint("door_import", __name__, url_prefix="/sessions/<int:session_id>/door")


def _roster(session: DesignSession):
    return redirect(url_for("roster.roster", session_id=session.id))


def _upload_page(session: DesignSession, form: UploadForm, status: int = 200):
    return participants_page("door/import_upload.html", status, session=session, form=form)


@bp.route("/import", methods=["GET", "POST"])
@moderated_view
def upload(session: DesignSession):
    """Upload the registration file; its preview comes next, nothing is saved yet."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(session, form, 422 if request.method == "POST" else 200)
    try:
        data = form.file.data.read(reading.MAX_BYTES + 1)
    finally:
        form.file.data.close()
    try:
        reading.read_table(data)
    except reading.ReadError as error:
        form.file.errors.append(str(error))
        return _upload_page(session, form, 422)
    upload_id = uploads.store(session.id, data)
    return redirect(url_for(".preview", session_id=session.id, upload_id=upload_id))


def _chosen_fields(width: int) -> tuple[str, ...] | None:
    """The columns' fields as the moderator set them; None when the form does not say."""
    if "column-0" not in request.form:
        return None
    allowed = set(column_choices())
    fields = tuple(request.form.get(f"column-{i}", "") for i in range(width))
    if any(field not in allowed for field in fields):
        abort(400)
    return fields


def _render_preview(session, upload_id, preview, form, status=200):
    return participants_page(
        "door/import_preview.html",
        status,
        session=session,
        upload_id=upload_id,
        preview=preview,
        form=form,
        choices=[(value, LABELS[value]) for value in column_choices()],
    )


@bp.route("/import/<upload_id>", methods=["GET", "POST"])
@moderated_view(groups=True)
def preview(session: DesignSession, upload_id: str):
    """What the file holds: the columns as understood, who comes in, who is left out and why."""
    data = uploads.load(session.id, upload_id)
    if data is None:
        flash(_("The uploaded file is no longer kept. Upload it again."), "warning")
        return redirect(url_for(".upload", session_id=session.id))
    table = reading.read_table(data)
    form = ImportForm()
    if request.method == "GET":
        built = importing.build_preview(session, table)
        form.expected.data = str(len(built.people))
        return _render_preview(session, upload_id, built, form)
    if not form.validate_on_submit():
        abort(400)
    if request.form.get("action") == "cancel":
        uploads.remove(session.id, upload_id)
        flash(_("The import was cancelled; nothing was saved."), "info")
        return _roster(session)
    guess = importing.build_preview(session, table)
    fields = _chosen_fields(len(guess.headers)) or guess.fields
    built = importing.build_preview(
        session, table, fields, guess.header_line, use_groups=form.use_groups.data
    )
    if request.form.get("action") != "import":
        form.expected.data = str(len(built.people))
        return _render_preview(session, upload_id, built, form)
    if built.mapping_problem or not built.people:
        return _render_preview(session, upload_id, built, form, 422)
    if form.expected.data != str(len(built.people)):
        form.expected.data = str(len(built.people))
        flash(_("The list changed since the preview: check it again, then import."), "warning")
        return _render_preview(session, upload_id, built, form, 409)
    try:
        created = importing.save(session, built)
    except importing.ImportFailed as error:
        flash(str(error), "error")
        return _render_preview(session, upload_id, built, form, 503)
    uploads.remove(session.id, upload_id)
    flash(
        ngettext(
            "%(num)d person imported. They appear as expected until they arrive.",
            "%(num)d people imported. They appear as expected until they arrive.",
            len(created),
        ),
        "success",
    )
    return _roster(session)


@bp.route("/spread", methods=["POST"])
@moderated_view
def spread(session: DesignSession):
    """Place everyone without a group so that colleagues are in different groups."""
    form_or_400(ActionForm)
    result = grouping.spread_by_organisation(session)
    placed = ngettext(
        "%(num)d participant placed, colleagues spread across the groups.",
        "%(num)d participants placed, colleagues spread across the groups.",
        result.placed,
    )
    flash_placement(result.placed, result.unplaced, placed)
    return _roster(session)
