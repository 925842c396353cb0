"""Engagement pages, one module per activity, all on the `engagement` blueprint."""

from facilitator.engagement.views import comments, mic, voting
from facilitator.engagement.views.common import bp

__all__ = ["bp", "comments", "mic", "voting"]
