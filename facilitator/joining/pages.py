"""What pages about participants share: their own under ``/s/<code>/``, and the moderator's."""

from __future__ import annotations

from typing import Any

from flask import flash, g, render_template
from flask_babel import gettext as _
from flask_babel import ngettext

from facilitator.joining import services as joining
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import found_or_404


def session_or_404(code: str) -> DesignSession:
    """The session with this code, its language set for the page; 404 if there is none."""
    session = found_or_404(joining.find_session_by_code(code))
    g.session_language = session.language
    return session


def participants_page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    """A page under the session's «Participants» tab, with its status."""
    return render_template(
        template, active="participants", active_tab="participants", **context
    ), status


def flash_placement(placed: int, unplaced: int, placed_message: str) -> None:
    """Say what placing people without a group did; ``placed_message`` tells the ``placed``."""
    if placed == 0 and unplaced == 0:
        flash(_("Everyone is already in a group."), "info")
    else:
        flash(placed_message, "success")
    if unplaced:
        flash(
            ngettext(
                "%(num)d participant could not be placed: the groups are full.",
                "%(num)d participants could not be placed: the groups are full.",
                unplaced,
            ),
            "warning",
        )
