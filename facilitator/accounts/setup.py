"""First-run setup: a one-time token, printed on the console, guards the first account."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

import click
from flask import current_app

from facilitator.accounts.services import has_moderators

TOKEN_FILE = "setup_token.sha256"


def _token_path() -> Path:
    return Path(current_app.instance_path) / TOKEN_FILE


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_setup_token() -> str:
    """Make a new one-time token and keep only its hash in the instance folder."""
    token = secrets.token_urlsafe(24)
    path = _token_path()
    path.write_text(_digest(token))
    path.chmod(0o600)
    return token


def check_setup_token(token: str | None) -> bool:
    """Tell whether the token opens the setup page."""
    path = _token_path()
    if not token or not path.exists() or has_moderators():
        return False
    return hmac.compare_digest(path.read_text().strip(), _digest(token))


def retire_setup_token() -> None:
    """Forget the token once the first account exists."""
    _token_path().unlink(missing_ok=True)


def announce_setup_token(host: str, port: int) -> None:
    """When there is no account yet, print the setup link on the console."""
    if has_moderators():
        return
    token = issue_setup_token()
    click.echo("")
    click.echo("No moderator account exists yet. Create the first one here:")
    click.echo(f"  http://{host}:{port}/setup?token={token}")
    click.echo("(or run: facilitator create-moderator)")
    click.echo("")
