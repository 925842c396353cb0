"""A page's e-mail routes: start a mailing, send it on to the rest, follow its progress.

The materials page mails the group materials and the certificates page the certificates; both
get these routes from :func:`add_mailing_routes`, so a mailing starts, resumes and reports the
same way on each (templates/_mailing.html draws their part of the page).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, jsonify, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitator.accounts.models import Moderator
from facilitator.materials import mailing, mailing_jobs
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import moderated_view

Begin = Callable[[DesignSession, Moderator, mailing.MailKind], object]


def latest_progress(session: DesignSession, kind: mailing.MailKind) -> mailing_jobs.Progress | None:
    """The session's latest mailing of this kind, as a page shows it; None before the first."""
    latest = mailing_jobs.latest(session, kind=kind.key)
    return mailing_jobs.progress(latest) if latest is not None else None


def add_mailing_routes(bp: Blueprint, prefix: str, kind: mailing.MailKind, anchor: str) -> None:
    """Give ``bp`` the moderator's mailing routes of ``kind`` under ``prefix``.

    ``send`` and ``send_to_the_rest`` (POST ``…/send`` and ``…/send/rest``) start or resume
    the mailing and go back to the blueprint's ``index`` at ``anchor``; ``sending_progress``
    (``…/sending``) is the latest mailing's progress as JSON, for the page's live view.
    """

    def begin(session: DesignSession, start: Begin):
        back = redirect(url_for(f"{bp.name}.index", session_id=session.id, _anchor=anchor))
        try:
            start(session, current_user._get_current_object(), kind)
        except mailing.MailingError as error:
            flash(str(error), "error")
            return back
        flash(_("Sending has started: this page shows how it goes."), "success")
        return back

    def send(session: DesignSession):
        """E-mail everyone of the mailing's audience who gave an address."""
        return begin(session, mailing_jobs.start)

    def send_to_the_rest(session: DesignSession):
        """Send the latest mailing to those it did not reach before it stopped."""
        return begin(session, mailing_jobs.resume)

    def sending_progress(session: DesignSession):
        """The latest mailing's progress, for the page's live view."""
        found = latest_progress(session, kind)
        return jsonify(found.as_json() if found is not None else None)

    bp.add_url_rule(f"{prefix}/send", view_func=moderated_view(send), methods=["POST"])
    bp.add_url_rule(
        f"{prefix}/send/rest", view_func=moderated_view(send_to_the_rest), methods=["POST"]
    )
    bp.add_url_rule(f"{prefix}/sending", view_func=moderated_view(sending_progress))
