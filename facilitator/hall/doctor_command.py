"""`facilitator doctor`: the report a moderator reads before the session."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from facilitator.console import with_language
from facilitator.hall import addresses, doctor
from facilitator.hall.doctor import Finding, Mark

WIDTH = 100


def report(sections: list[tuple[str, list[Finding]]]) -> int:
    """Print the sections and a verdict; the number of problems found."""
    problems = 0
    for title, findings in sections:
        if not findings:
            continue
        click.echo(title)
        for finding in findings:
            problems += finding.mark is Mark.problem
            click.echo(
                click.wrap_text(
                    finding.text,
                    width=WIDTH,
                    initial_indent=f"  {finding.mark.value} ",
                    subsequent_indent="    ",
                )
            )
        click.echo("")
    if problems:
        click.echo(_("Problems to fix before the session: %(count)s.", count=problems))
    else:
        click.echo(_("Nothing stands in the way of phones. Tell the hall the address above."))
    return problems


@click.command("doctor", short_help="Check that phones in the hall can reach this computer.")
@click.option("--port", default=5000, show_default=True, type=int, help="The port to check.")
@click.option(
    "--address",
    metavar="ADDRESS",
    default=None,
    help="The address (or interface) phones will use, as given to run --address.",
)
@with_language
@with_appcontext
def doctor_command(port: int, address: str | None) -> None:
    """Check that phones in the hall can reach this computer.

    Lists this computer's network addresses, whether the port is free or which program holds
    it, whether a running Facilitator answers on the address phones use, and the firewall
    setting that may stop them. Exits with 1 when something must be fixed.
    """
    found = addresses.candidates()
    try:
        chosen = addresses.choose(found, address)
    except addresses.AddressChoiceError as error:
        raise click.ClickException(
            _("This computer has no address or network interface %(wanted)s.", wanted=error)
        ) from error
    state = doctor.port_state(port)
    click.echo(_("Can phones in the hall reach this computer?"))
    click.echo("")
    problems = report(
        [
            (_("Network addresses"), doctor.address_findings(found, chosen, port)),
            (_("Port"), doctor.port_findings(state, port)),
            (_("Answer on the network"), doctor.reach_findings(state, chosen, port)),
            (_("Firewall"), doctor.firewall_findings(port)),
            (_("Phones"), doctor.advice(chosen, port)),
        ]
    )
    if problems:
        raise SystemExit(1)
