"""Fixtures for the attendance tests."""

from tests.door import door  # noqa: F401  (a fixture)
