"""The group workspace page where a creative group co-edits its interaction model."""

from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("workspace", __name__, url_prefix="/w")


@bp.route("/<int:group_id>")
def group_model(group_id: int):
    """The group's shared model editor."""
    abort(404)
