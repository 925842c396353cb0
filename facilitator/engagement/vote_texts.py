"""What the voting page says about a participant's dots, in the page's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.engagement.voting import Ballot
from facilitator.sessions.models import DesignSession


def dots_label(count: int) -> str:
    """«1 dot», «3 dots» in the page's language."""
    return ngettext("%(num)d dot", "%(num)d dots", count)


def dots_left(ballot: Ballot) -> str:
    """«You have 3 dots left of 5.»"""
    return ngettext(
        "You have %(num)d dot left of %(total)d.",
        "You have %(num)d dots left of %(total)d.",
        ballot.left,
        total=ballot.budget,
    )


def after_change(session: DesignSession, ballot: Ballot, group_id: int) -> dict[str, object]:
    """The texts a voting page updates after a change made without reloading it."""
    name = next((group.name for group in session.groups if group.id == group_id), "")
    saved = _("Saved: %(dots)s on «%(name)s».", dots=dots_label(ballot.on(group_id)), name=name)
    left = dots_left(ballot)
    return {
        "left_text": left,
        "labels": {group.id: dots_label(ballot.on(group.id)) for group in session.groups},
        "message": f"{saved} {left}",
    }
