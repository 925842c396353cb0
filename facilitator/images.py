"""Uploaded images decoded without trusting them: whatever Pillow raises becomes a refusal."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError


@contextmanager
def decoding(refusal: type[Exception], unknown: Callable[[], str]) -> Iterator[None]:
    """Raise ``refusal`` with a message for people when the block cannot decode the image.

    ``unknown()`` says which formats are accepted, for bytes that are none of them; a
    decompression bomb is refused as too large, and any other failure as damaged.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except refusal:
        raise
    except UnidentifiedImageError as error:
        raise refusal(unknown()) from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise refusal(_("The image is too large.")) from error
    except Exception as error:
        # Decoders raise many kinds of errors on hostile or damaged files; all mean "refuse".
        raise refusal(_("The image is damaged or incomplete.")) from error
