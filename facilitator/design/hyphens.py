"""The Jinja filter that sets soft hyphens in long words, so big screens break them at syllables.

CSS `hyphens: auto` needs the browser's hyphenation dictionary, which some builds (Chromium on
Linux without its component updater, as on a venue's offline laptop) lack; the projector's
large type must never break «профориентационной» without a hyphen.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from facilitator.text.hyphens import soft_hyphens


def hyphenate(value: object) -> Markup:
    """Jinja filter: the value escaped, with soft hyphens in its long words."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        # Already markup: only text between tags may change.
        parts = re.split(r"(<[^>]*>|&[#\w]+;)", str(value))
        return Markup("".join(p if p.startswith(("<", "&")) else soft_hyphens(p) for p in parts))
    return Markup(escape(soft_hyphens(str(value))))
