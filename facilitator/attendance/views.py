"""The attendance page: who attended and for how long, corrections, and the downloads."""

from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from facilitator.attendance import files
from facilitator.attendance import roll as rolls
from facilitator.attendance.hours import aware, presence
from facilitator.extensions import db
from facilitator.offload import run_off_loop
from facilitator.sessions.models import DesignSession, Participant
from facilitator.sessions.permissions import moderated_session_or_404
from facilitator.text.numbers import format_number

bp = Blueprint("attendance", __name__)
#: How each person came to the list, as the page says it
SOURCES = {
    "join": _l("joined by the code"),
    "import": _l("pre-registered"),
    "walk_in": _l("registered at the door"),
}


def _participant_or_404(session: DesignSession, participant_id: int) -> Participant:
    person = db.session.get(Participant, participant_id)
    if person is None or person.session_id != session.id:
        abort(404)
    return person


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
            number=lambda value: format_number(value, str(get_locale())),
            errors=errors or {},
            sources=SOURCES,
            files=[(key, files.file_name(session, key)) for key in files.FILES],
            active_tab="attendance",
        ),
        status,
    )


@bp.route("/sessions/<int:session_id>/attendance")
@login_required
def index(session_id: int):
    """Everyone registered, whether and how long they attended, and the attendance files."""
    return _page(moderated_session_or_404(session_id))


@bp.route("/sessions/<int:session_id>/attendance/<int:participant_id>/times", methods=["POST"])
@login_required
def record_times(session_id: int, participant_id: int):
    """Save a person's arrival and departure times; a wrong time is shown next to the row."""
    session = moderated_session_or_404(session_id)
    person = _participant_or_404(session, participant_id)
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
@login_required
def mark_present(session_id: int, participant_id: int):
    """Mark a person present from the session's start."""
    session = moderated_session_or_404(session_id)
    person = _participant_or_404(session, participant_id)
    rolls.mark_present(person, current_user)
    flash(_("%(name)s is marked present.", name=person.full_name), "success")
    return redirect(url_for(".index", session_id=session.id, _anchor=f"p{person.id}"))


@bp.route("/sessions/<int:session_id>/attendance/download/<key>")
@login_required
def download(session_id: int, key: str):
    """The attendance sheet (Word or PDF) or the attendance workbook."""
    session = moderated_session_or_404(session_id)
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
