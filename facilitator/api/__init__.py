"""The read-only JSON API under /api/v1, its moderator tokens and its OpenAPI document."""
