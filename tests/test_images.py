"""images.decoding: what Pillow raises on an upload becomes the caller's refusal, for people."""

from __future__ import annotations

import io

import pytest
from flask_babel import force_locale
from PIL import Image

from facilitator import images
from tests.sessions.test_logos import image_bytes, png_claiming


class Refused(ValueError):
    """The refusal a caller of images.decoding passes in."""


def decode(data: bytes) -> tuple[int, int]:
    with (
        images.decoding(Refused, lambda: "Only PNG, please."),
        Image.open(io.BytesIO(data), formats=["PNG"]) as image,
    ):
        image.load()
        return image.size


def test_a_whole_image_decodes_untouched(app):
    assert decode(image_bytes("PNG", (30, 20))) == (30, 20)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image at all", "Only PNG, please."),
        (image_bytes("JPEG", (30, 20)), "Only PNG, please."),
        (png_claiming(100_000, 100_000), "The image is too large."),
        (image_bytes("PNG", (300, 200))[:200], "The image is damaged or incomplete."),
    ],
    ids=["text", "other-format", "bomb", "truncated"],
)
def test_undecodable_bytes_are_refused_with_the_reason(app, data, message):
    with force_locale("en"), pytest.raises(Refused) as refused:
        decode(data)
    assert str(refused.value) == message


def test_the_callers_own_refusal_passes_through_unchanged(app):
    own = Refused("The photo is too wide.")
    with pytest.raises(Refused) as refused, images.decoding(Refused, lambda: "Only PNG, please."):
        raise own
    assert refused.value is own
