"""Pages of the open microphone, comments and voting.

Participants (device cookie) under ``/s/<code>/…``: ``mic``, ``models``, ``models/<group_id>``,
``vote``. Moderators under ``/sessions/<id>/…``: ``mic``, ``comments``, ``voting``,
``voting/settings``. Forms post and redirect; a refused request shows the page again with the
reason next to what caused it and a 4xx status, or JSON for ``fetch`` calls.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from facilitator.columns import aware
from facilitator.engagement import vote_texts
from facilitator.engagement.errors import EngagementError
from facilitator.errors import render_error
from facilitator.joining.identity import current_participant
from facilitator.joining.pages import session_or_404
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.phases import Phase

bp = Blueprint("engagement", __name__)


@bp.app_template_filter("average")
def average_filter(value: float | None) -> str:
    """An average score with one decimal in the page's locale, or a dash."""
    return "—" if value is None else format_decimal(value, format="0.0")


@bp.app_template_filter("clock")
def clock_filter(seconds: int | None) -> str:
    """Seconds as m:ss; negative when the speaker is over time."""
    if seconds is None:
        return ""
    sign = "−" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


@bp.app_template_global("engagement_links")
def engagement_links(session: DesignSession) -> list[tuple[str, str, bool]]:
    """Participant links to the open microphone, the models and the voting: (key, url, now).

    ``now`` marks the link of the current phase; other pages may show these links too.
    """
    code = session.join_code
    return [
        ("mic", url_for("engagement.mic", code=code), session.phase == Phase.open_mic),
        ("models", url_for("engagement.models", code=code), session.phase == Phase.presentations),
        ("vote", url_for("engagement.vote", code=code), session.phase == Phase.voting),
    ]


def wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


def participant_page(code: str, render: Callable[[DesignSession, Participant], Any]):
    """A participant's page of the session; a visitor who has not joined registers first."""
    session = session_or_404(code)
    participant = current_participant(session)
    if participant is None:
        return register_redirect(session)
    return render(session, participant)


def participant_screen(
    name: str, session: DesignSession, participant: Participant, link: str = "", **context: Any
) -> str:
    """The participant's page ``engagement/<name>.html``, ``link`` (else ``name``) marked in
    its navigation."""
    return render_template(
        f"engagement/{name}.html",
        session=session,
        participant=participant,
        active_link=link or name,
        **context,
    )


def participant_or_403(session: DesignSession) -> Participant:
    """The visitor as a participant of this session; others may not post here."""
    participant = current_participant(session)
    if participant is None:
        abort(make_response(render_error(403, _("Only participants of this session can do this."))))
    return participant


def participant_action(
    view: Callable[..., ResponseReturnValue],
) -> Callable[..., ResponseReturnValue]:
    """Make a ``/s/<code>/…`` POST a participant's: the session and the participant passed in.

    The view receives ``session`` and ``participant`` in place of ``code``; a session that does
    not exist is 404 and a visitor who has not joined it 403, before anything else is looked at.
    """

    @functools.wraps(view)
    def wrapper(code: str, **kwargs: Any) -> ResponseReturnValue:
        session = session_or_404(code)
        return view(session, participant_or_403(session), **kwargs)

    return wrapper


def register_redirect(session: DesignSession):
    """Send a visitor who has not joined to the registration form."""
    return redirect(url_for("join.register", code=session.join_code))


def refused(error: EngagementError, page):
    """A refused request: JSON for fetch calls, else the page again with the reason."""
    if wants_json():
        return jsonify(ok=False, error=error.message, field=error.field), error.status
    return page(error), error.status


# --- moderators --------------------------------------------------------------------------


def moderator_page(section: str, session: DesignSession, **context: Any) -> str:
    """The moderator's engagement page ``engagement/mod_<section>.html``, its tab marked."""
    return render_template(
        f"engagement/mod_{section}.html",
        active_tab="engagement",
        active_section=section,
        session=session,
        **context,
    )


def me():
    """The logged-in moderator as a model instance."""
    return current_user._get_current_object()


bp.add_app_template_global(vote_texts.dots_label, "dots_label")
bp.add_app_template_global(aware, "aware_time")
