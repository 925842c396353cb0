"""Organisations' logos: checked from their bytes, stored with the session, served publicly."""

from __future__ import annotations

import hashlib
import io
import logging
import unicodedata
from typing import BinaryIO

from flask_babel import gettext as _
from PIL import Image

from facilitator import images
from facilitator.accounts.models import Moderator
from facilitator.extensions import db
from facilitator.sessions import ordering
from facilitator.sessions.models import DesignSession, SessionLogo

log = logging.getLogger(__name__)

#: Pillow's format name → the type the logo is served with
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}
MAX_SIDE = 4000


class LogoError(ValueError):
    """The upload is not a logo we accept; the message says why, translated."""


def read_upload(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read at most max_bytes from the upload; refuse a larger or empty file."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LogoError(_("The file is too large: at most %(size)s MB.", size=megabytes(max_bytes)))
    if not data:
        raise LogoError(_("The file is empty."))
    return data


def megabytes(size: int) -> str:
    """A byte count in megabytes, as people write it: 2, 0.5."""
    return f"{size / (1024 * 1024):g}"


def inspect_image(data: bytes) -> tuple[str, int, int]:
    """Check that the bytes are a whole PNG or JPEG of sensible size; return mimetype and size."""
    with images.decoding(LogoError, lambda: _("Upload a PNG or JPEG image.")):
        # Only these decoders may look at the bytes: the name and content type are claims.
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            image_format = image.format or ""
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE:
                raise LogoError(
                    _(
                        "The image is %(width)d×%(height)d pixels; "
                        "at most %(max)d×%(max)d are accepted.",
                        width=width,
                        height=height,
                        max=MAX_SIDE,
                    )
                )
            image.verify()
        # verify() leaves the image unusable and skips JPEG data; decoding finds truncation.
        with Image.open(io.BytesIO(data), formats=[image_format]) as image:
            image.load()
    if image_format not in FORMATS or width < 1 or height < 1:
        raise LogoError(_("Upload a PNG or JPEG image."))
    return FORMATS[image_format], width, height


def clean_filename(filename: str | None, mimetype: str) -> str:
    """A printable base name for the moderator's list."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:255] or f"logo.{EXTENSIONS[mimetype]}"


def add_logo(
    session: DesignSession, filename: str | None, data: bytes, by: Moderator
) -> SessionLogo:
    """Check the image and add it after the session's other logos."""
    mimetype, width, height = inspect_image(data)
    logo = SessionLogo(
        position=ordering.next_position(session.logos),
        filename=clean_filename(filename, mimetype),
        mimetype=mimetype,
        width=width,
        height=height,
        data=data,
    )
    session.logos.append(logo)
    db.session.commit()
    log.info(
        "Logo %s (%s, %d×%d, %d bytes) added to session %s by %s",
        logo.id,
        mimetype,
        width,
        height,
        len(data),
        session.id,
        by.email,
    )
    return logo


#: Removing logos and moving them one place left/up or right/down
order: ordering.Order[SessionLogo] = ordering.Order(
    siblings=lambda logo: logo.session.logos,
    label=lambda logo: f"Logo {logo.id} of session {logo.session_id}",
)


def etag(logo: SessionLogo) -> str:
    """A validator that changes whenever the bytes do."""
    return hashlib.sha256(logo.data).hexdigest()[:32]
