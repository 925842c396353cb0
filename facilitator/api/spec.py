"""The OpenAPI 3.1 document of the API, a data file shipped inside the package."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

DOCUMENT = "openapi.yaml"


@cache
def document() -> dict[str, Any]:
    """The OpenAPI document as data; read once per process."""
    text = files("facilitator.api").joinpath(DOCUMENT).read_text(encoding="utf-8")
    return yaml.safe_load(text)
