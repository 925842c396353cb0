"""The attendance page: who attended and for how long, corrections, and the downloads."""

from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitator.attendance import files
from facilitator.attendance import roll as rolls
from facilitator.attendance.hours import presence
from facilitator.columns import aware
from facilitator.extensions import db
from facilitator.offload import run_off_loop
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_view
from facilitator.sessions.views.common import child_or_404

bp = Blueprint("attendance", __name__)
#: How each person came to the list, as the page says it
SOURCES = {
    "join": _l("joined by the code"),
    "import": _l("pre-registered"),
    "walk_in": _l("registered at the door"),
}


def clock(value: dt.datetime | None, session: DesignSession, zone: dt.tzinfo) -> str:
    """«11:30» in the session's zone; with the date when it is not the session's day."""
    local = aware(value)
    if local is None:
        return ""
    local = local.astimezone(zone)
    if local.date() != session.date:
        return local.strftime("%d.%m %H:%M")
    return local.strftime("%H:%M")


def _page(session: DesignSession, errors: dict[int, str] | None = None, status: int = 200):
    attendance = rolls.roll(session)
    rows = []
    for person in rolls.everyone(session):
        rows.append((person, presence(person, attendance.window)))
    return (
        render_template(
            "attendance/index.html",
            session=session,
            attendance=attendance,
            rows=rows,
            clock=lambda value: clock(value, session, attendance.zone),
            errors=errors or {},
            sources=SOURCES,
            files=[(key, files.file_name(session, key)) for key in files.FILES],
            active_tab="attendance",
        ),
        status,
    )


@bp.route("/sessions/<int:session_id>/attendance")
@moderated_view
def index(session: DesignSession):
    """Everyone registered, whether and how long they attended, and the attendance files."""
    return _page(session)


@bp.route("/sessions/<int:session_id>/attendance/<int:participant_id>/times", methods=["POST"])
@moderated_view
def record_times(session: DesignSession, participant_id: int):
    """Save a person's arrival and departure times; a wrong time is shown next to the row."""
    person = child_or_404(Participant, participant_id, session)
    try:
        arrived = rolls.parse_clock(request.form.get("arrived", ""))
        left = rolls.parse_clock(request.form.get("left", ""))
        rolls.record_times(person, arrived, left, current_user)
    except rolls.AttendanceError as error:
        db.session.rollback()
        return _page(session, {person.id: str(error)}, 422)
    flash(_("The times of %(name)s are saved.", name=person.full_name), "success")
    return redirect(url_for(".index", session_id=session.id, _anchor=f"p{person.id}"))


@bp.route("/sessions/<int:session_id>/attendance/<int:participant_id>/present", methods=["POST"])
@moderated_view
def mark_present(session: DesignSession, participant_id: int):
    """Mark a person present from the session's start."""
    person = child_or_404(Participant, participant_id, session)
    rolls.mark_present(person, current_user)
    flash(_("%(name)s is marked present.", name=person.full_name), "success")
    return redirect(url_for(".index", session_id=session.id, _anchor=f"p{person.id}"))


@bp.route("/sessions/<int:session_id>/attendance/download/<key>")
@moderated_view
def download(session: DesignSession, key: str):
    """The attendance sheet (Word or PDF) or the attendance workbook."""
    if key not in files.FILES:
        abort(404)
    data = run_off_loop(files.build, session.id, key)
    response = send_file(
        io.BytesIO(data),
        mimetype=files.mimetype(key),
        as_attachment=True,
        download_name=files.file_name(session, key),
    )
    response.headers["Cache-Control"] = "no-store"
    return response
