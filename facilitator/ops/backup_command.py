"""`facilitator backup` and `facilitator restore`: one archive with all a deployment needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from facilitator.console import with_operator_language
from facilitator.ops import backup


class Refused(click.ClickException):
    """The command could not do its work: the reason, after "Error:" in the operator's language."""

    def __init__(self, error: backup.BackupError) -> None:
        super().__init__(str(error))
        self.prefix = _("Error:")

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the reason to stderr."""
        click.echo(f"{self.prefix} {self.format_message()}", err=True, file=file)


def _target() -> backup.Target:
    return backup.Target(
        database_url=current_app.config["SQLALCHEMY_DATABASE_URI"],
        instance_path=Path(current_app.instance_path),
    )


def default_name() -> str:
    """facilitator-backup-20261206-071500.tar.gz (UTC), in the current folder."""
    return f"facilitator-backup-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.tar.gz"


@click.command("backup", short_help="Write the database and instance secrets into one archive.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="The archive to write (default: facilitator-backup-<UTC time>.tar.gz here).",
)
@with_appcontext
@with_operator_language
def backup_command(out: Path | None) -> None:
    """Back up the database and the instance folder's secrets into a .tar.gz.

    Safe while the app serves: SQLite is copied through its online backup API, PostgreSQL
    through pg_dump (custom format; the client must match the server's major version).
    Uploaded logos and photos are in the database. Keep the archive private: it holds the
    secret key that signs logins.
    """
    try:
        backup.create(_target(), out or Path(default_name()), say=click.echo)
    except backup.BackupError as error:
        raise Refused(error) from error


@click.command("restore", short_help="Restore an archive made by `facilitator backup`.")
@click.argument(
    "archive", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
)
@click.option("--force", is_flag=True, help="Overwrite a database that already holds data.")
@with_appcontext
@with_operator_language
def restore_command(archive: Path, force: bool) -> None:
    """Restore the database and instance files of a backup into this instance.

    Stop the server first. A database that already holds data is refused unless --force is
    given. Start the server afterwards: it brings the schema up to date.
    """
    try:
        backup.restore(_target(), archive, force=force, say=click.echo)
    except backup.BackupError as error:
        raise Refused(error) from error
