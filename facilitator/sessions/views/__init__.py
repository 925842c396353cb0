"""Moderator pages for preparing a session, one module per tab, all on the `sessions` blueprint."""

from facilitator.sessions.views import agenda, groups, logos, pages, template
from facilitator.sessions.views.common import bp

__all__ = ["agenda", "bp", "groups", "logos", "pages", "template"]
