"""What the moderator's participant pages share: the roster here, the door's pages on top."""

from __future__ import annotations

from typing import Any

from flask import flash, render_template
from flask_babel import gettext as _
from flask_babel import ngettext


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
