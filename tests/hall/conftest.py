"""Fixtures for the hall tests: real server processes."""

from tests.live_server import live_servers  # noqa: F401  (fixture)
