"""The `facilitator` group: the app's own commands with an example each, no Flask internals."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

#: The commands --help lists, in this order, each with a one-line example
COMMANDS = (
    ("run", "facilitator run --hall"),
    ("demo", "facilitator demo --hall"),
    ("doctor", "facilitator doctor"),
    ("export", "facilitator export 482915 --out materials/"),
    ("create-moderator", "facilitator create-moderator --email maria@example.org"),
    ("backup", "facilitator backup --out today.tar.gz"),
    ("restore", "facilitator restore today.tar.gz"),
    ("db", "facilitator db upgrade"),
)
#: Flask's own options: the app is always Facilitator, debug mode is never for a hall
FLASK_OPTIONS = ("app", "env_file", "debug")

EPILOG = (
    "Run «facilitator COMMAND --help» for a command's options. Serving phones in a hall: "
    "the README's section «Running a session in a hall»."
)


class FacilitatorGroup(FlaskGroup):
    """FlaskGroup that loads Facilitator, lists only its commands and shows how to call them."""

    def __init__(self, **extra) -> None:
        super().__init__(
            add_default_commands=False, add_version_option=False, epilog=EPILOG, **extra
        )
        self.params = [p for p in self.params if p.name not in FLASK_OPTIONS]

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse without Flask's early --app/FLASK_APP handling: the app is always this one."""
        return click.Group.parse_args(self, ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The app's commands; extensions' maintenance commands still run but are not listed."""
        available = set(super().list_commands(ctx))
        return [name for name, _example in COMMANDS if name in available]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its one-line summary and an example under it."""
        rows = []
        examples = dict(COMMANDS)
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=formatter.width - 24)))
            rows.append(("", f"$ {examples[name]}"))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
