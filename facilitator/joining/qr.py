"""QR codes of join links: SVG for the screen and print, PNG for slides."""

from __future__ import annotations

import io

import segno

#: Quiet zone in modules; scanners need four around the code
BORDER = 4


def _qr(url: str) -> segno.QRCode:
    # Medium error correction survives a glare on a projector screen or a crease in paper.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, title: str = "") -> bytes:
    """The QR code of a URL as a scalable SVG document (viewBox, no fixed size)."""
    buffer = io.BytesIO()
    _qr(url).save(
        buffer,
        kind="svg",
        scale=1,
        border=BORDER,
        dark="#000",
        light="#fff",
        omitsize=True,
        title=title or url,
        svgclass="qr-code",
        lineclass=None,
    )
    return buffer.getvalue()


def qr_png(url: str, scale: int = 16) -> bytes:
    """The QR code of a URL as a PNG large enough for a slide."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=BORDER, dark="#000", light="#fff")
    return buffer.getvalue()
