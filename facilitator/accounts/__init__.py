"""Moderator accounts: login, first-run setup, the create-moderator command."""
