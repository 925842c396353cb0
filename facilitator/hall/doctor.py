"""Checks before a session: can phones on the venue network reach this computer's server?"""

from __future__ import annotations

import errno
import json
import os
import platform
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from facilitator.hall.addresses import Candidate
from facilitator.hall.serving import http_url
from facilitator.webapp import MANIFEST_ID, MANIFEST_PATH

PROBE_TIMEOUT = 3.0


class Mark(Enum):
    """How a finding reads: fine, a problem to fix, or advice."""

    ok = "✓"
    problem = "✗"
    hint = "·"


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    mark: Mark
    text: str


class PortState(Enum):
    """Who has the port."""

    free = "free"
    facilitator = "facilitator"
    other = "other"
    forbidden = "forbidden"


def answers(url: str, timeout: float = PROBE_TIMEOUT) -> bool:
    """Whether Facilitator answers at this base URL (its web-app manifest names it)."""
    try:
        with urllib.request.urlopen(url + MANIFEST_PATH, timeout=timeout) as response:
            return json.loads(response.read(65536)).get("id") == MANIFEST_ID
    except (OSError, ValueError, AttributeError):
        return False


def port_state(port: int, probe: Callable[[str], bool] = answers) -> PortState:
    """Whether a server could listen on every interface at this port, or who holds it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as trial:
        if os.name != "nt":
            # As the server does: a port left in TIME_WAIT by a stopped server counts as free.
            # (On Windows the same option would let the trial share a port in use.)
            trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            trial.bind(("0.0.0.0", port))
        except PermissionError:
            return PortState.forbidden
        except OSError as error:
            if error.errno == errno.EACCES:
                return PortState.forbidden
            return PortState.facilitator if probe(http_url("127.0.0.1", port)) else PortState.other
    return PortState.free


def address_findings(found: list[Candidate], chosen: Candidate | None, port: int) -> list[Finding]:
    """What the network offers phones."""
    if chosen is None:
        return [
            Finding(
                Mark.problem,
                _(
                    "This computer has no network address besides itself: connect it to the "
                    "venue's Wi-Fi (or a phone's hotspot) and run doctor again."
                ),
            )
        ]
    findings = [
        Finding(
            Mark.ok,
            _(
                "%(address)s: phones will open %(url)s/",
                address=chosen.describe(),
                url=http_url(chosen.address, port),
            ),
        )
    ]
    for other in found:
        if other.address == chosen.address:
            continue
        if other.virtual:
            text = _("%(address)s: a container, virtual machine or VPN network, not for phones")
        else:
            text = _("%(address)s: another network; choose it with --address if phones are on it")
        findings.append(Finding(Mark.hint, text % {"address": other.describe()}))
    return findings


def port_findings(state: PortState, port: int) -> list[Finding]:
    """Whether the port is free, ours, or taken."""
    if state is PortState.free:
        return [
            Finding(
                Mark.ok,
                _("Port %(port)s is free: start «facilitator run --hall».", port=port),
            )
        ]
    if state is PortState.facilitator:
        return [Finding(Mark.ok, _("Facilitator is running on port %(port)s.", port=port))]
    if state is PortState.forbidden:
        text = _(
            "Port %(port)s needs administrator rights: choose a port above 1024, e.g. --port 5000.",
            port=port,
        )
        return [Finding(Mark.problem, text)]
    text = _(
        "Port %(port)s is taken by another program: stop it, or choose another port, "
        "e.g. «facilitator run --hall --port %(next)s».",
        port=port,
        next=port + 1,
    )
    return [Finding(Mark.problem, text)]


def reach_findings(
    state: PortState, chosen: Candidate | None, port: int, probe: Callable[[str], bool] = answers
) -> list[Finding]:
    """Whether the running server answers on the address phones use."""
    if chosen is None:
        return []
    url = http_url(chosen.address, port)
    if state is not PortState.facilitator:
        return [
            Finding(
                Mark.hint,
                _("Once the server runs, run doctor again to check that it answers at %(url)s/.")
                % {"url": url},
            )
        ]
    if probe(url):
        return [Finding(Mark.ok, _("The server answers at %(url)s/.", url=url))]
    return [
        Finding(
            Mark.problem,
            _(
                "The server does not answer at %(url)s/: it listens on this computer only. "
                "Restart it with «facilitator run --hall».",
                url=url,
            ),
        )
    ]


Runner = Callable[[list[str]], tuple[int, str]]


def run_quietly(command: list[str]) -> tuple[int, str]:
    """Run a status command: (exit code, output); (127, "") when it cannot run."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return 127, ""
    return done.returncode, done.stdout + done.stderr


class Wall(Enum):
    """What a firewall's status commands tell about the port."""

    unreadable = "unreadable"
    off = "off"
    allows = "allows"
    blocks = "blocks"
    may_block = "may block"


def ufw_wall(port: int, run: Runner) -> Wall:
    """Ubuntu's ufw: off, on and allowing the port or not; unreadable without root."""
    code, output = run(["ufw", "status"])
    if code != 0 or "Status:" not in output:
        return Wall.unreadable
    if "Status: inactive" in output:
        return Wall.off
    for line in output.splitlines():
        words = line.split()
        if "ALLOW" in words and words[0] in (str(port), f"{port}/tcp"):
            return Wall.allows
    return Wall.blocks


def firewalld_wall(port: int, run: Runner) -> Wall:
    """Fedora's firewalld: off, or on and listing the port among its open ones or not."""
    code, output = run(["firewall-cmd", "--state"])
    if code != 0 or "running" not in output or "not running" in output:
        return Wall.off
    code, ports = run(["firewall-cmd", "--list-ports"])
    # The port may also be open through a service or a zone, which the list does not show.
    return Wall.allows if code == 0 and f"{port}/tcp" in ports.split() else Wall.may_block


@dataclass(frozen=True)
class Firewall:
    """A Linux firewall the doctor reads: its program, how to read it, how to open a port."""

    name: str
    program: str
    allow_command: str
    wall: Callable[[int, Runner], Wall]


FIREWALLS = (
    Firewall("ufw", "ufw", "sudo ufw allow {port}/tcp", ufw_wall),
    Firewall(
        "firewalld", "firewall-cmd", "sudo firewall-cmd --add-port={port}/tcp", firewalld_wall
    ),
)


#: How each outcome reads: its mark and its words, given the firewall's name, port and command
WALL_FINDINGS = {
    Wall.unreadable: (
        Mark.hint,
        _l("%(name)s is installed; if it is on, allow the port: %(command)s"),
    ),
    Wall.off: (Mark.ok, _l("The %(name)s firewall is off.")),
    Wall.allows: (Mark.ok, _l("The %(name)s firewall allows port %(port)s.")),
    Wall.blocks: (
        Mark.problem,
        _l("The %(name)s firewall is on and does not allow port %(port)s: %(command)s"),
    ),
    Wall.may_block: (
        Mark.problem,
        _l("The %(name)s firewall is on and may block port %(port)s: %(command)s"),
    ),
}


def wall_finding(firewall: Firewall, port: int, run: Runner) -> Finding:
    """What the firewall does to the port, with the command that opens it where needed."""
    mark, words = WALL_FINDINGS[firewall.wall(port, run)]
    command = firewall.allow_command.format(port=port)
    return Finding(mark, str(words) % {"name": firewall.name, "port": port, "command": command})


def firewall_findings(
    port: int,
    system: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
    run: Runner = run_quietly,
) -> list[Finding]:
    """What the firewall of this system may do to phones, and the command that lets them in."""
    system = system or platform.system()
    if system == "Windows":
        return [
            Finding(
                Mark.hint,
                _(
                    "Windows: when Windows Defender Firewall asks about Python, allow it on "
                    "private networks, and mark the venue's Wi-Fi as a private network."
                ),
            )
        ]
    if system == "Darwin":
        return [
            Finding(
                Mark.hint,
                _(
                    "macOS: if the firewall is on (System Settings → Network → Firewall), "
                    "allow incoming connections for Python."
                ),
            )
        ]
    findings = [
        wall_finding(firewall, port, run) for firewall in FIREWALLS if which(firewall.program)
    ]
    if not findings:
        findings.append(Finding(Mark.ok, _("No ufw or firewalld firewall found.")))
    return findings


def advice(chosen: Candidate | None, port: int) -> list[Finding]:
    """What to tell the hall, and what to do when a phone still cannot open the page."""
    findings = [
        Finding(
            Mark.hint,
            _(
                "Phones must be on the same Wi-Fi as this computer; no internet is needed. Guest "
                "networks often keep devices apart: if a phone on the same Wi-Fi cannot open the "
                "page, share a hotspot from this computer or a phone, or bring your own router."
            ),
        )
    ]
    if chosen is not None:
        findings.append(
            Finding(
                Mark.hint,
                _(
                    "Try it with your own phone: open %(url)s/; it asks for the session code.",
                    url=http_url(chosen.address, port),
                ),
            )
        )
    return findings
