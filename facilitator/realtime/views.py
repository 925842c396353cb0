"""Pages of co-editing: the group workspace, the moderator's progress board and model history."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from facilitator.offline.views import allow_offline
from facilitator.realtime import page_data, service
from facilitator.realtime.page_data import Audience
from facilitator.sessions.models import CreativeGroup, DesignSession
from facilitator.sessions.permissions import found_or_404, moderated_view

log = logging.getLogger(__name__)

bp = Blueprint("workspace", __name__, url_prefix="/w")
bp.context_processor(page_data.history_helpers)


def _moderated_group_or_404(group_id: int) -> CreativeGroup:
    return found_or_404(page_data.moderated_group(group_id))


def _version_or_404(group_id: int, version_id: int) -> tuple[CreativeGroup, Any]:
    """A version of a group's model the moderator may see; 404 for anything else."""
    group = _moderated_group_or_404(group_id)
    return group, found_or_404(page_data.find_version(group, version_id))


@bp.route("/<int:group_id>")
def group_model(group_id: int):
    """The group's shared model editor: members and moderators edit, other participants read."""
    try:
        access = found_or_404(page_data.workspace_access(group_id))
    except page_data.NotIdentified:
        return redirect(url_for("join.enter_code"))
    if access.audience == Audience.moderator:
        return render_template("realtime/workspace.html", **page_data.workspace_page(access))
    g.session_language = access.session.language
    page = render_template("realtime/workspace.html", **page_data.workspace_page(access))
    return allow_offline(make_response(page))


@bp.route("/session/<int:session_id>/progress")
@moderated_view(groups=True)
def session_progress(session: DesignSession):
    """The moderator's board: every group's model filling up, live."""
    return render_template("realtime/progress.html", **page_data.progress_page(session))


@bp.route("/<int:group_id>/editing", methods=["POST"])
@login_required
def set_editing(group_id: int):
    """Let the members edit again after group work ended, or close that again."""
    group = _moderated_group_or_404(group_id)
    if request.form.get("action") == "reopen":
        service.reopen_editing(group, current_user._get_current_object())
        flash(_("%(group)s may edit its model again.", group=group.name), "success")
    else:
        service.close_editing(group, current_user._get_current_object())
        flash(_("Editing is closed for %(group)s.", group=group.name), "success")
    return redirect(url_for(".session_progress", session_id=group.session_id))


@bp.route("/<int:group_id>/history")
@login_required
def history(group_id: int):
    """The versions of a group's model, newest first."""
    group = _moderated_group_or_404(group_id)
    return render_template(
        "realtime/history.html",
        group=group,
        session=group.session,
        versions=page_data.versions(group),
    )


@bp.route("/<int:group_id>/history/<int:version_id>")
@login_required
def version(group_id: int, version_id: int):
    """One version of the model, read-only, with a button to restore it."""
    group, found = _version_or_404(group_id, version_id)
    sections = page_data.with_content(page_data.template_sections(group.session), found.snapshot)
    return render_template(
        "realtime/version.html",
        group=group,
        session=group.session,
        version=found,
        sections=sections,
    )


@bp.route("/<int:group_id>/history/<int:version_id>/restore", methods=["POST"])
@login_required
def restore(group_id: int, version_id: int):
    """Make an old version the current text again; the history keeps everything."""
    group, found = _version_or_404(group_id, version_id)
    service.restore_version(found, current_user._get_current_object())
    log.info("Group %s model restored to version %s by %s", group.id, found.id, current_user.email)
    flash(_("The model is restored to the version you chose."), "success")
    return redirect(url_for(".history", group_id=group.id))
