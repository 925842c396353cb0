"""The materials blueprint, shared by the pages of views.py and views_photos.py."""

from __future__ import annotations

import io

from flask import Blueprint, send_file

bp = Blueprint("materials", __name__)


def send_download(data: bytes, filename: str, mimetype: str, attachment: bool = True):
    """A download that the browser saves under the given name and never caches."""
    response = send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=attachment, download_name=filename
    )
    # send_file appends its own charset to text/* types; keep the one the file declares.
    response.headers["Content-Type"] = mimetype
    response.headers["Cache-Control"] = "no-store"
    return response
