"""Photos for the post-release, uploaded and removed on the materials page."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitator.materials import photos
from facilitator.materials.blueprint import bp
from facilitator.materials.blueprint import send_download as _send
from facilitator.materials.forms import DeletePhotoForm, PhotoForm
from facilitator.materials.models import MaterialsPhoto
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import moderated_view, owned_or_404
from facilitator.webforms import form_or_400


def _back(session: DesignSession):
    return redirect(url_for("materials.index", session_id=session.id, _anchor="photos"))


@bp.route("/sessions/<int:session_id>/materials/photos", methods=["POST"])
@moderated_view
def upload_photo(session: DesignSession):
    """Add a photo; a file that is not a whole image is refused with the reason."""
    form = PhotoForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _back(session)
    upload = form.file.data
    try:
        photos.add_photo(session, upload.stream.read(photos.MAX_BYTES + 1), current_user)
    except photos.PhotoError as error:
        flash(_("The photo is not added: %(reason)s", reason=str(error)), "error")
        return _back(session)
    flash(_("The photo is added to the post."), "success")
    return _back(session)


@bp.route("/sessions/<int:session_id>/materials/photos/<int:photo_id>.jpg")
@moderated_view
def photo(session: DesignSession, photo_id: int):
    """One photo as stored."""
    stored = owned_or_404(MaterialsPhoto, photo_id, session_id=session.id)
    return _send(stored.data, f"photo-{stored.id}.jpg", "image/jpeg", attachment=False)


@bp.route("/sessions/<int:session_id>/materials/photos/<int:photo_id>/delete", methods=["POST"])
@moderated_view
def delete_photo(session: DesignSession, photo_id: int):
    """Remove a photo from the post (the page asks first)."""
    form_or_400(DeletePhotoForm)
    photos.delete_photo(owned_or_404(MaterialsPhoto, photo_id, session_id=session.id), current_user)
    flash(_("The photo is removed from the post."), "success")
    return _back(session)


def page_context(session) -> dict:
    """What the materials page shows about photos."""
    return {
        "photos": photos.photos_of(session),
        "photo_form": PhotoForm(),
        "delete_photo_form": DeletePhotoForm(),
        "max_photos": photos.MAX_PHOTOS,
    }
