"""The read-only JSON API: a moderator's sessions and everything the sessions produced.

Every view but the OpenAPI document needs a moderator's bearer token and only reads.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from facilitator.api import auth, serializers, spec
from facilitator.api.errors import ApiError, error_response, from_http, not_found, server_error
from facilitator.engagement import common, voting
from facilitator.materials import bundle, exports
from facilitator.realtime import service as realtime
from facilitator.sessions.preparation import sessions_of
from facilitator.survey import results as survey_results
from facilitator.survey import services as survey_services

bp = Blueprint("api", __name__, url_prefix="/api/v1")

#: Views anyone may read: the description of the API itself
_PUBLIC: set[str] = set()


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as readable without a token."""
    _PUBLIC.add(f"{bp.name}.{view.__name__}")
    return view


@bp.before_request
def _authenticate() -> None:
    if request.endpoint not in _PUBLIC:
        auth.authenticate_request()


@bp.after_request
def _no_store(response: Response) -> Response:
    # Responses carry personal data and must not linger in any cache, files included.
    if request.endpoint not in _PUBLIC:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return error_response(from_http(error))


@bp.before_app_request
def _routing_error_as_json():
    """An unknown path or method under /api/ answers in JSON, not with an HTML page."""
    failure = request.routing_exception
    if (
        (request.path == "/api" or request.path.startswith("/api/"))
        and isinstance(failure, HTTPException)
        and (failure.code or 0) >= 400
    ):
        return error_response(from_http(failure))
    return None


@bp.get("/openapi.json")
@public
def openapi():
    """The OpenAPI 3.1 document that describes this API."""
    response = jsonify(spec.document())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/sessions")
def sessions():
    """The sessions the token's moderator owns or co-moderates, newest first."""
    moderator = auth.current_moderator()
    return serializers.items(
        [serializers.session_list_item(row, moderator.id) for row in sessions_of(moderator)]
    )


@bp.get("/sessions/<int:session_id>")
def session_details(session_id: int):
    """One session: details, phase, date and counts."""
    session = auth.session_or_404(session_id)
    survey = survey_services.find_survey(session)
    responses = survey_services.response_count(survey) if survey else 0
    return serializers.session_details(
        session, auth.current_moderator().id, voting.counts(session), responses
    )


@bp.get("/sessions/<int:session_id>/agenda")
def agenda(session_id: int):
    """The session's programme in order."""
    session = auth.session_or_404(session_id)
    return serializers.items([serializers.agenda_item(item) for item in session.agenda])


@bp.get("/sessions/<int:session_id>/groups")
def groups(session_id: int):
    """The session's creative groups in order."""
    session = auth.session_or_404(session_id)
    return serializers.items([serializers.group(group) for group in session.groups])


@bp.get("/sessions/<int:session_id>/participants")
def participants(session_id: int):
    """Who registered, with their personal data: only for the session's moderators."""
    session = auth.session_or_404(session_id)
    return serializers.items([serializers.participant(p) for p in session.participants])


def _sections(session) -> list:
    return list(session.template.sections) if session.template else []


@bp.get("/sessions/<int:session_id>/models")
def models(session_id: int):
    """Every group's interaction model, sections in template order."""
    session = auth.session_or_404(session_id)
    sections = _sections(session)
    return serializers.items(
        [
            serializers.model(group, sections, realtime.document_snapshot(group))
            for group in session.groups
        ]
    )


@bp.get("/sessions/<int:session_id>/groups/<int:group_id>/model")
def group_model(session_id: int, group_id: int):
    """One group's interaction model, sections in template order."""
    session = auth.session_or_404(session_id)
    group = auth.group_or_404(session, group_id)
    return serializers.model(group, _sections(session), realtime.document_snapshot(group))


@bp.get("/sessions/<int:session_id>/votes")
def votes(session_id: int):
    """The voting results; the moderator sees them even while participants may not."""
    session = auth.session_or_404(session_id)
    return serializers.votes(voting.results(session), common.criteria_of(session))


@bp.get("/sessions/<int:session_id>/survey")
def survey(session_id: int):
    """The survey's questions and results with shares in percent."""
    session = auth.session_or_404(session_id)
    # Every session has the default survey, as its pages do: its questions exist from the start.
    survey_services.ensure_survey(session)
    return serializers.survey(survey_results.summary(session))


@bp.get("/sessions/<int:session_id>/materials")
def materials(session_id: int):
    """The session's downloadable files."""
    session = auth.session_or_404(session_id)
    gathered = exports.session_materials(session)
    return serializers.items(
        [
            serializers.material(
                file,
                file.filename(gathered),
                url_for(".material", session_id=session.id, name=file.key, _external=True),
            )
            for file in (*bundle.FILES, bundle.BUNDLE)
        ]
    )


@bp.get("/sessions/<int:session_id>/materials/<name>")
def material(session_id: int, name: str):
    """One file of the session's materials, built now."""
    session = auth.session_or_404(session_id)
    file = bundle.BY_KEY.get(name)
    if file is None:
        raise not_found()
    data, filename = exports.build(session, file)
    # send_file adds the charset of text types itself; a second one would be a broken header.
    mimetype = file.mimetype.split(";", 1)[0]
    return send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename
    )


@bp.errorhandler(Exception)
def _unexpected(error: Exception):
    if current_app.testing:
        raise error  # let tests see the real exception
    current_app.logger.exception("Unhandled error on %s", request.path, exc_info=error)
    return error_response(server_error())
