"""Photos for the post-release, uploaded and removed on the materials page."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitator.extensions import db
from facilitator.materials import photos
from facilitator.materials.blueprint import bp
from facilitator.materials.blueprint import send_download as _send
from facilitator.materials.forms import DeletePhotoForm, PhotoForm
from facilitator.materials.models import MaterialsPhoto
from facilitator.sessions.permissions import moderated_session_or_404


def _photo_or_404(session, photo_id: int) -> MaterialsPhoto:
    photo = db.session.get(MaterialsPhoto, photo_id)
    if photo is None or photo.session_id != session.id:
        abort(404)
    return photo


def _back(session_id: int):
    return redirect(url_for("materials.index", session_id=session_id, _anchor="photos"))


@bp.route("/sessions/<int:session_id>/materials/photos", methods=["POST"])
@login_required
def upload_photo(session_id: int):
    """Add a photo; a file that is not a whole image is refused with the reason."""
    session = moderated_session_or_404(session_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _back(session.id)
    upload = form.file.data
    try:
        photos.add_photo(session, upload.stream.read(photos.MAX_BYTES + 1), current_user)
    except photos.PhotoError as error:
        flash(_("The photo is not added: %(reason)s", reason=str(error)), "error")
        return _back(session.id)
    flash(_("The photo is added to the post."), "success")
    return _back(session.id)


@bp.route("/sessions/<int:session_id>/materials/photos/<int:photo_id>.jpg")
@login_required
def photo(session_id: int, photo_id: int):
    """One photo as stored."""
    session = moderated_session_or_404(session_id)
    stored = _photo_or_404(session, photo_id)
    return _send(stored.data, f"photo-{stored.id}.jpg", "image/jpeg", attachment=False)


@bp.route("/sessions/<int:session_id>/materials/photos/<int:photo_id>/delete", methods=["POST"])
@login_required
def delete_photo(session_id: int, photo_id: int):
    """Remove a photo from the post (the page asks first)."""
    session = moderated_session_or_404(session_id)
    if not DeletePhotoForm().validate_on_submit():
        abort(400)
    photos.delete_photo(_photo_or_404(session, photo_id), current_user)
    flash(_("The photo is removed from the post."), "success")
    return _back(session.id)


def page_context(session) -> dict:
    """What the materials page shows about photos."""
    return {
        "photos": photos.photos_of(session),
        "photo_form": PhotoForm(),
        "delete_photo_form": DeletePhotoForm(),
        "max_photos": photos.MAX_PHOTOS,
    }
