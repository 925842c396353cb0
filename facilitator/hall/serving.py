"""Where `run` and `demo` listen, the address phones open, and what they print about it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import click
from flask_babel import gettext as _

from facilitator.hall import addresses
from facilitator.hall.addresses import Candidate

ALL_INTERFACES = "0.0.0.0"
LOCALHOST = "127.0.0.1"


def http_url(host: str, port: int) -> str:
    """http://host:port, with brackets around an IPv6 address."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


@dataclass(frozen=True)
class HallPlan:
    """Where the server listens and which URLs this computer and the phones open."""

    listen_host: str
    port: int
    local_url: str
    phone_url: str | None = None
    chosen: Candidate | None = None
    others: list[Candidate] = field(default_factory=list)

    @property
    def open_to_hall(self) -> bool:
        """Whether other devices may connect at all."""
        return not addresses.is_loopback(self.listen_host)


class HallError(click.ClickException):
    """An address that phones could never open."""


def plan(
    host: str,
    port: int,
    hall: bool = False,
    address: str | None = None,
    find: Callable[[], list[Candidate]] = addresses.candidates,
) -> HallPlan:
    """Decide where to listen and the address phones open.

    ``--hall`` or ``--address`` open the server to every interface; ``--host`` names one
    explicitly. Listening on every interface, phones use the chosen LAN address.
    """
    if (hall or address) and addresses.is_loopback(host):
        host = ALL_INTERFACES
    if addresses.is_loopback(host):
        return HallPlan(host, port, http_url(host, port))
    if not addresses.is_wildcard(host):
        return HallPlan(
            host, port, http_url(host, port), http_url(host, port), Candidate(host, "?")
        )
    if address and addresses.is_loopback(address):
        raise HallError(
            _("%(address)s is this computer only: phones cannot open it.", address=address)
        )
    found = find()
    try:
        chosen = addresses.choose(found, address)
    except addresses.AddressChoiceError as error:
        known = ", ".join(c.describe() for c in found) or _("none")
        raise HallError(
            _(
                "This computer has no address or network interface %(wanted)s. Its addresses: "
                "%(known)s.",
                wanted=error,
                known=known,
            )
        ) from error
    local = http_url(LOCALHOST, port)
    if chosen is None:
        return HallPlan(host, port, local)
    others = [c for c in found if c.address != chosen.address]
    return HallPlan(host, port, local, http_url(chosen.address, port), chosen, others)


def print_banner(
    plan: HallPlan,
    *,
    command: str,
    mode: str,
    data_folder: Path,
    public_url: str | None = None,
    copied_from: Path | None = None,
    out: TextIO | None = None,
) -> None:
    """Say where the app is, who can open it, and what to do for phones (QR on a terminal)."""
    out = out or sys.stdout

    def say(text: str = "") -> None:
        click.echo(text, file=out)

    say(_("Facilitator serves at %(url)s/ (%(mode)s mode).", url=plan.local_url, mode=mode))
    say(_("Data folder: %(path)s (FACILITATOR_INSTANCE_PATH changes it).", path=data_folder))
    if copied_from is not None:
        say(
            _(
                "Your sessions were copied here from the old folder %(old)s, which is no longer "
                "used (it stays until you delete it).",
                old=copied_from,
            )
        )
    if public_url:
        say(_("Join links and QR codes use PUBLIC_URL: %(url)s", url=public_url))
    elif not plan.open_to_hall:
        say(_("Only this computer can open it. To let phones in the hall join:"))
        say(f"  facilitator {command} --hall")
    elif plan.phone_url is None:
        say(
            _(
                "No network address found besides this computer itself: connect it to the "
                "venue's Wi-Fi (or a phone's hotspot) and start again."
            )
        )
    else:
        say("")
        say(_("Phones in the hall open: %(url)s/", url=plan.phone_url))
        if plan.chosen and plan.chosen.interface != "?":
            say(_("  (network interface %(name)s)", name=plan.chosen.interface))
        print_qr(plan.phone_url + "/", out)
        if plan.others:
            others = ", ".join(c.describe() for c in plan.others)
            say(_("Other addresses of this computer: %(list)s.", list=others))
            say(
                _(
                    "Phones use another one with --address, e.g. --address %(example)s",
                    example=plan.others[0].address,
                )
            )
        say(_("Phones cannot connect? Run «facilitator doctor» in another terminal."))
    say("")


def print_qr(url: str, out: TextIO) -> None:
    """Draw the URL's QR code with text blocks, only on a terminal (not into a log file)."""
    if not (hasattr(out, "isatty") and out.isatty()):
        return
    import segno

    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
