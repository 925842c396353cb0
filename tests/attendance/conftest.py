"""Fixtures for the attendance tests."""

from tests.door_people import door  # noqa: F401  (a fixture)
