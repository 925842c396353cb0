"""Photos of the session for the post-release: checked from their bytes, resized, kept as JPEG."""

from __future__ import annotations

import io
import logging

import sqlalchemy as sa
from flask_babel import gettext as _
from PIL import Image, ImageOps

from facilitator import images
from facilitator.accounts.models import Moderator
from facilitator.database import listed
from facilitator.extensions import db
from facilitator.materials.models import MaterialsPhoto
from facilitator.sessions.models import DesignSession

log = logging.getLogger(__name__)

#: Formats a camera or phone gives; nothing else is decoded
FORMATS = ("JPEG", "PNG", "WEBP")
#: Longer side after resizing: sharp in a two-page document, small in the database
PHOTO_SIDE = 1600
MAX_PHOTOS = 6
MAX_BYTES = 8 * 1024 * 1024
#: Refused before decoding: 50 megapixels is more than any phone's camera
MAX_PIXELS = 50_000_000


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why, translated."""


def photos_of(session: DesignSession) -> list[MaterialsPhoto]:
    """The session's photos in order."""
    return listed(
        sa.select(MaterialsPhoto)
        .filter_by(session_id=session.id)
        .order_by(MaterialsPhoto.position, MaterialsPhoto.id)
    )


def prepare(data: bytes) -> tuple[bytes, int, int]:
    """A whole JPEG, PNG or WebP image, turned upright, resized and saved as JPEG."""
    if not data:
        raise PhotoError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise PhotoError(_("The file is too large: at most %(size)s MB.", size="8"))
    with (
        images.decoding(PhotoError, lambda: _("Upload a JPEG, PNG or WebP photo.")),
        Image.open(io.BytesIO(data), formats=list(FORMATS)) as image,
    ):
        if image.width * image.height > MAX_PIXELS:
            raise PhotoError(_("The image is too large."))
        image.load()
        upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    upright.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue(), upright.width, upright.height


def add_photo(session: DesignSession, data: bytes, by: Moderator) -> MaterialsPhoto:
    """Store a photo at the end of the session's photos."""
    existing = photos_of(session)
    if len(existing) >= MAX_PHOTOS:
        raise PhotoError(_("At most %(num)d photos go into the post.", num=MAX_PHOTOS))
    jpeg, width, height = prepare(data)
    photo = MaterialsPhoto(
        session_id=session.id,
        position=max((p.position for p in existing), default=-1) + 1,
        data=jpeg,
        width=width,
        height=height,
    )
    db.session.add(photo)
    db.session.commit()
    log.info("Photo %s added to session %s by %s", photo.id, session.id, by.email)
    return photo


def delete_photo(photo: MaterialsPhoto, by: Moderator) -> None:
    """Remove a photo."""
    db.session.delete(photo)
    db.session.commit()
    log.info("Photo %s of session %s deleted by %s", photo.id, photo.session_id, by.email)
