"""Guards at the edge: input checked before views see it, and limits on guessing join codes."""

from __future__ import annotations

from flask import Flask


def init_guards(app: Flask) -> None:
    """Bound every ``<int:…>`` URL value and refuse unusable input; call before blueprints."""
    from facilitator.guards.converters import BoundedIntConverter
    from facilitator.guards.inputs import refuse_bad_input

    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_bad_input)


def init_join_limits(app: Flask) -> None:
    """Limit wrong join codes per address on every join-code page; call after blueprints."""
    from facilitator.guards.join_limits import init_join_limits as _init

    _init(app)
