"""Helpers of the API tests: the bearer header, writing a model, checking against the document."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

from facilitator.api import spec
from facilitator.realtime.documents import append_update
from facilitator.realtime.live_document import Author
from facilitator.sessions.models import CreativeGroup
from tests.realtime.replica import Replica, unb64

#: Base URI under which the OpenAPI document is registered for $ref resolution
DOCUMENT_URI = "urn:facilitator:openapi"
PREFIX = "/api/v1"


def bearer(secret: str) -> dict[str, str]:
    """The Authorization header of a token."""
    return {"Authorization": f"Bearer {secret}"}


def write_model(
    group: CreativeGroup, texts: dict[str, str], rows: dict[str, list[dict[str, str]]]
) -> None:
    """Type text sections and table rows into a group's model through the co-editing service."""
    replica = Replica()
    for key, text in texts.items():
        replica.type(key, text)
    template = {section.key: section for section in group.session.template.sections}
    for key, values in rows.items():
        columns = [column["key"] for column in template[key].columns]
        for row in values:
            replica.add_row(key, columns, row)
    append_update(group, unb64(replica.take()), Author("moderator", None))


def document() -> dict[str, Any]:
    """The OpenAPI document as the package ships it."""
    return spec.document()


def _registry() -> Registry:
    resource = Resource.from_contents(document(), default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def _pointer(*parts: str) -> str:
    return "".join("/" + quote(p.replace("~", "~0").replace("/", "~1"), safe="") for p in parts)


def _resolve(node: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Follow an OpenAPI Reference Object (e.g. to components/responses) within the document."""
    if "$ref" not in node:
        return node, ()
    parts = tuple(node["$ref"].removeprefix("#/").split("/"))
    found: Any = document()
    for part in parts:
        found = found[part.replace("~1", "/").replace("~0", "~")]
    return found, parts


def described_response(template: str, status: int) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The Response Object the document gives for GET on the path, and where it is."""
    responses = document()["paths"][template]["get"]["responses"]
    assert str(status) in responses, f"GET {template} does not describe status {status}"
    response, where = _resolve(responses[str(status)])
    return response, where or ("paths", template, "get", "responses", str(status))


def schema_validator(*parts: str) -> Draft202012Validator:
    """A validator for the schema at this place in the document, its $refs resolved."""
    return Draft202012Validator(
        {"$ref": DOCUMENT_URI + "#" + _pointer(*parts)},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def assert_matches_document(template: str, response: TestResponse) -> None:
    """The real response is one the document describes: status, content type, body, headers."""
    described, where = described_response(template, response.status_code)
    content = described.get("content", {})
    media_type = response.mimetype
    assert media_type in content, f"{template} {response.status_code}: {media_type} undescribed"
    if media_type == "application/json":
        validator = schema_validator(*where, "content", media_type, "schema")
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(response.get_json())
        ]
        assert not errors, f"{template} {response.status_code} does not match:\n" + "\n".join(
            errors
        )
    for header, header_spec in described.get("headers", {}).items():
        assert header in response.headers, f"{template} {response.status_code}: no {header}"
        Draft202012Validator(header_spec.get("schema", {})).validate(response.headers[header])


def assert_is_error(response: TestResponse, status: int, code: str) -> None:
    """A JSON error of the API with this status and code, valid against the Error schema."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    schema_validator("components", "schemas", "Error").validate(body)
    assert body["error"] == code
    assert body["message"]
