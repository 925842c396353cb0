"""Participants' pages: enter the code, register, choose a group."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("join", __name__)


@bp.route("/")
@bp.route("/join")
def enter_code():
    """The start page where a participant types the join code."""
    return render_template("join/enter_code.html")
