"""Fixtures for the certificates tests."""

from tests.door import door  # noqa: F401  (a fixture)
