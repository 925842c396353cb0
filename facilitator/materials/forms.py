"""Forms of the materials page: the photos for the post-release."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from facilitator.webforms import image_field


class PhotoForm(FlaskForm):
    """A photo of the session for the post."""

    file = image_field(
        _l("Photo"),
        ("image/jpeg", "image/png", "image/webp"),
        _l("JPEG, PNG or WebP; resized to 1600 pixels on the longer side."),
    )


class DeletePhotoForm(FlaskForm):
    """Just the CSRF token."""
