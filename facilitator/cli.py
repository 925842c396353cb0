"""The `facilitator` command line: run, demo, create-moderator, db upgrade."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from facilitator.collector import tune_for_serving
from facilitator.extensions import db, socketio


def _create_app() -> Flask:
    from facilitator import create_app

    return create_app()


cli = FlaskGroup(
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    help="Facilitator: live design sessions.",
)


def register_commands(app: Flask) -> None:
    """Attach the project's commands to the app's CLI."""
    app.cli.add_command(run_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(create_moderator_command)
    app.cli.add_command(export_command)


def upgrade_database() -> None:
    """Bring the schema to the newest migration."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)


def serve(host: str, port: int) -> None:
    """Serve HTTP and websockets in this process with the configured async mode."""
    app = current_app._get_current_object()
    # In threading mode Flask-SocketIO calls app.run(), which Flask skips inside its own CLI.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    click.echo(f"Serving on http://{host}:{port}/ ({app.config['ASYNC_MODE']} mode)")
    tune_for_serving(socketio.start_background_task, socketio.sleep)
    socketio.run(
        app,
        host=host,
        port=port,
        debug=False,
        use_reloader=False,
        log_output=False,
        allow_unsafe_werkzeug=True,
    )


server_options = [
    click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on."),
    click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on."),
    click.option(
        "--async-mode",
        type=click.Choice(["gevent", "eventlet", "threading"]),
        default=None,
        help="Overrides FACILITATOR_ASYNC_MODE (gevent by default).",
    ),
]


def with_server_options(func):
    """Add --host, --port and --async-mode to a serving command."""
    for option in reversed(server_options):
        func = option(func)
    return func


@click.command("run")
@with_server_options
@with_appcontext
def run_command(host: str, port: int, async_mode: str | None) -> None:
    """Upgrade the database and serve the app."""
    from facilitator.accounts.setup import announce_setup_token

    upgrade_database()
    announce_setup_token(host, port)
    serve(host, port)


@click.command("demo")
@with_server_options
@with_appcontext
def demo_command(host: str, port: int, async_mode: str | None) -> None:
    """Create the demo session of 27 March 2023 and serve it."""
    from facilitator.sessions.demo import create_demo

    upgrade_database()
    demo = create_demo()
    base = f"http://{host}:{port}"
    click.echo("")
    click.echo(f"Demo session: {demo.session.title}")
    click.echo(f"  Moderator panel: {base}/sessions/{demo.session.id}")
    click.echo(f"  Login: {demo.email}  password: {demo.password}")
    click.echo(f"  Participants join at {base}/join  with code {demo.session.join_code}")
    click.echo("")
    serve(host, port)


@click.command("create-moderator")
@click.option("--email", prompt=True, help="Login e-mail.")
@click.option("--name", "full_name", prompt="Full name", help="Name shown to colleagues.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_moderator_command(email: str, full_name: str, password: str) -> None:
    """Create a moderator account."""
    from facilitator.accounts.services import AccountError, create_moderator

    try:
        moderator = create_moderator(email=email, full_name=full_name, password=password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Moderator {moderator.email} created.")


@click.command("export")
@click.argument("join_code")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, writable=True),
    default=".",
    show_default=True,
    help="Folder to write the files into (created if missing).",
)
@with_appcontext
def export_command(join_code: str, out_dir: str) -> None:
    """Write a session's materials: post-release, group materials, workbook, CSV and zip."""
    from pathlib import Path

    from facilitator.materials.exports import export_session, find_by_code

    session = find_by_code(join_code)
    if session is None:
        raise click.ClickException(f"No session has the join code {join_code!r}.")
    for path in export_session(session, Path(out_dir)):
        click.echo(f"{path}  ({path.stat().st_size:,} bytes)")
