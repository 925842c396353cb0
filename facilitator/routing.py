"""Routing helpers the blueprints share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint

View = Callable[..., Any]


def route_each(blueprint: Blueprint, rule: str, actions: Iterable[str], **options: Any):
    """Serve ``rule`` once per action (its ``{action}`` filled in) by the one decorated view.

    The view receives ``action``. Each address keeps an endpoint of its own, the action with
    ``_`` for ``-``, so pages link to it by name and the URL map lists each rule as written.
    """

    def register(view: View) -> View:
        for action in actions:
            blueprint.add_url_rule(
                rule.format(action=action),
                endpoint=action.replace("-", "_"),
                view_func=view,
                defaults={"action": action},
                **options,
            )
        return view

    return register
