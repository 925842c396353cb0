"""The `facilitator` commands: run, demo, doctor, export, create-moderator (+ backup, restore)."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from facilitator import signals
from facilitator.collector import tune_for_serving
from facilitator.console import console_language, language_option, speaking
from facilitator.extensions import db, socketio
from facilitator.hall import links, serving
from facilitator.ops import shutdown


def register_commands(app: Flask) -> None:
    """Attach the project's commands to the app's CLI."""
    from facilitator.hall.doctor_command import doctor_command
    from facilitator.ops.backup_command import backup_command, restore_command

    app.cli.add_command(run_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(doctor_command)
    app.cli.add_command(create_moderator_command)
    app.cli.add_command(export_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def upgrade_database() -> None:
    """Bring the schema to the newest migration."""
    from flask_migrate import upgrade

    from facilitator.ops.logs import kept

    with kept():  # Alembic's logging set-up would silence the app's INFO lines after it
        upgrade(directory=current_app.extensions["migrate"].directory)


def serve(host: str, port: int) -> None:
    """Serve HTTP and websockets in this process with the configured async mode."""
    app = current_app._get_current_object()
    # In threading mode Flask-SocketIO calls app.run(), which Flask skips inside its own CLI.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    tune_for_serving(socketio.start_background_task, socketio.sleep)
    shutdown.install(app)
    signals.serving_started.send(app)
    if app.config["ASYNC_MODE"] == "eventlet":
        shutdown.serve_eventlet(app, host, port)
        return
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
    click.option(
        "--hall",
        is_flag=True,
        help="Open the app to phones on the venue network: listen on every interface and put "
        "this computer's network address in join links, QR codes and on the projector.",
    ),
    click.option(
        "--address",
        metavar="ADDRESS",
        default=None,
        help="The address (or interface, e.g. wlan0) phones use, when the computer has several "
        "(implies --hall).",
    ),
    click.option(
        "--host",
        default=serving.LOCALHOST,
        show_default=True,
        help="Address to listen on; 0.0.0.0 is every interface, as --hall.",
    ),
    click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on."),
    click.option(
        "--async-mode",
        type=click.Choice(["gevent", "eventlet", "threading"]),
        default=None,
        help="Overrides FACILITATOR_ASYNC_MODE (gevent by default).",
    ),
    language_option,
]


def with_server_options(func):
    """Add --hall, --address, --host, --port, --async-mode and --lang to a serving command."""
    for option in reversed(server_options):
        func = option(func)
    return func


def prepare_hall(
    host: str, port: int, hall: bool, address: str | None, command: str, language: str
) -> serving.HallPlan:
    """Decide where to listen, give the app the phones' address, and print it all."""
    app = current_app
    with speaking(language):
        plan = serving.plan(host, port, hall=hall, address=address)
        app.config[links.HALL_URL] = plan.phone_url
        serving.print_banner(
            plan,
            command=command,
            mode=app.config["ASYNC_MODE"],
            data_folder=app.instance_path,
            public_url=app.config.get("PUBLIC_URL"),
            copied_from=app.config.get("INSTANCE_COPIED_FROM"),
        )
    return plan


@click.command("run", short_help="Serve the app; --hall opens it to phones in the hall.")
@with_server_options
@with_appcontext
def run_command(
    hall: bool, address: str | None, host: str, port: int, async_mode: str | None, lang: str | None
) -> None:
    """Upgrade the database and serve the app.

    Without --hall only this computer can open it. With --hall it listens on every interface,
    and join links, QR codes, the share page and the projector show this computer's network
    address, which it prints with a QR code.
    """
    from facilitator.accounts.setup import announce_setup_token

    language = console_language(lang)
    upgrade_database()
    plan = prepare_hall(host, port, hall, address, "run", language)
    announce_setup_token(serving.LOCALHOST if plan.open_to_hall else host, port)
    serve(plan.listen_host, port)


@click.command("demo", short_help="Create the demo session of 27 March 2023 and serve it.")
@with_server_options
@click.option(
    "--reset-password", is_flag=True, help="Give the demo moderator a new password and print it."
)
@with_appcontext
def demo_command(
    hall: bool,
    address: str | None,
    host: str,
    port: int,
    async_mode: str | None,
    lang: str | None,
    reset_password: bool,
) -> None:
    """Create the demo session of 27 March 2023 (or reuse it) and serve it.

    The demo moderator's password is printed when the account is created and kept afterwards;
    --reset-password sets and prints a new one. --hall serves phones as `run --hall` does.
    """
    from facilitator.live.demo import create_demo

    language = console_language(lang)
    upgrade_database()
    demo = create_demo(reset_password=reset_password)
    plan = prepare_hall(host, port, hall, address, "demo", language)
    session = demo.session
    phones = links.public_base() or plan.local_url
    with speaking(language):
        click.echo(_("Demo session: %(title)s", title=session.title))
        click.echo(_("  Moderator panel: %(url)s", url=f"{plan.local_url}/sessions/{session.id}"))
        if demo.password:
            click.echo(
                _("  Login: %(email)s  password: %(pw)s", email=demo.email, pw=demo.password)
            )
        else:
            click.echo(
                _(
                    "  Login: %(email)s with the password printed when it was created",
                    email=demo.email,
                )
            )
            click.echo(_("  (forgot it? facilitator demo --reset-password)"))
        click.echo(
            _(
                "  Participants join at %(url)s with code %(code)s",
                url=f"{phones}/j/{session.join_code}",
                code=session.join_code,
            )
        )
        click.echo("")
    serve(plan.listen_host, port)


@click.command("create-moderator", short_help="Create a moderator account.")
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


@click.command("export", short_help="Write a session's materials into a folder.")
@click.argument("join_code")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, writable=True),
    default=".",
    show_default=True,
    help="Folder to write the files into (created if missing).",
)
@click.option(
    "--site-url",
    default=None,
    help="The site's public address for the certificates' QR codes (default: PUBLIC_URL).",
)
@with_appcontext
def export_command(join_code: str, out_dir: str, site_url: str | None) -> None:
    """Write a session's materials, attendance sheet and workbook, and certificates."""
    from pathlib import Path

    from facilitator.certificates.export import export_door_documents
    from facilitator.materials.exports import export_session, find_by_code

    session = find_by_code(join_code)
    if session is None:
        raise click.ClickException(f"No session has the join code {join_code!r}.")
    for path in export_session(session, Path(out_dir)):
        click.echo(f"{path}  ({path.stat().st_size:,} bytes)")
    paths, notes = export_door_documents(session, Path(out_dir), site_url)
    for path in paths:
        click.echo(f"{path}  ({path.stat().st_size:,} bytes)")
    for note in notes:
        click.echo(note, err=True)
