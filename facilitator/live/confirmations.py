"""What a moderator's control says once it went through, in the current locale.

One wording for both ways a panel button reaches the server: the socket acknowledgement's
``message`` (namespace.control_ack) and the flash of the no-JavaScript form post (views).
"""

from __future__ import annotations

from flask_babel import gettext as _

from facilitator.live import state
from facilitator.sessions.models import CreativeGroup, DesignSession


def where_now(session: DesignSession) -> str:
    """After a phase change or an agenda item's start: the phase and the agenda item."""
    item = state.current_item(session)
    if item is not None:
        return _("Now: %(phase)s — %(item)s.", phase=session.phase.label, item=item.title)
    return _("Now: %(phase)s.", phase=session.phase.label)


def timer_done(action: str) -> str:
    """After a timer button: what the timer does now."""
    if action == "start":
        return _("The timer is running.")
    if action == "pause":
        return _("The timer is paused.")
    if action == "resume":
        return _("The timer is running again.")
    if action == "add_minute":
        return _("A minute was added to the timer.")
    return _("The timer is stopped.")


def presenting(group: CreativeGroup) -> str:
    """After the choice of the presenting group: which group the projector shows."""
    return _("Now presenting: %(group)s.", group=group.name)


def reveal_done(shown: bool) -> str:
    """After the reveal control: what the projector shows."""
    if shown:
        return _("The results are on the projector.")
    return _("The projector shows the phase again.")
