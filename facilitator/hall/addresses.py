"""Find the addresses of this computer that phones on the venue network can open."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: Interface names of containers, virtual machines and VPNs: phones in the hall cannot reach them
VIRTUAL_PREFIXES = (
    "docker",
    "br-",
    "veth",
    "virbr",
    "vmnet",
    "vboxnet",
    "tun",
    "tap",
    "wg",
    "tailscale",
    "zt",
    "utun",
    "lxc",
    "lxdbr",
    "cni",
    "flannel",
    "podman",
    "vethernet",
    "virtualbox",
    "vmware",
    "hyper-v",
)
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


@dataclass(frozen=True)
class Candidate:
    """An IPv4 address of this computer that other devices may reach, and where it comes from."""

    address: str
    interface: str
    default_route: bool = False
    virtual: bool = False

    def describe(self) -> str:
        """«192.168.1.23 (wlan0)»"""
        return f"{self.address} ({self.interface})"


def is_virtual(interface: str) -> bool:
    """Whether the interface looks like a container bridge, a virtual machine's or a VPN."""
    return interface.lower().startswith(VIRTUAL_PREFIXES)


def is_wildcard(host: str) -> bool:
    """Whether listening on this host means every interface."""
    return host.strip("[]") in WILDCARD_HOSTS


def is_loopback(host: str) -> bool:
    """Whether a host name or address (port allowed: «127.0.0.1:5000») means this computer only."""
    name = host.strip()
    if name.startswith("["):
        name = name[1 : name.find("]")]
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    if name.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def rank(
    addresses: Mapping[str, Iterable[tuple[int, str]]],
    up: Mapping[str, bool],
    default_interfaces: Iterable[str] = (),
) -> list[Candidate]:
    """Usable IPv4 addresses, the likeliest venue-network address first.

    ``addresses`` maps an interface to its (family, address) pairs; ``up`` says which interfaces
    are up. Loopback, link-local (169.254/16, no DHCP answered) and down interfaces are left out.
    The interface of the default route comes first, then private networks (what venue Wi-Fi
    hands out), then the rest; container, virtual-machine and VPN interfaces come last.
    """
    defaults = set(default_interfaces)
    found: list[Candidate] = []
    for interface, pairs in addresses.items():
        if not up.get(interface, False):
            continue
        for family, address in pairs:
            if family != socket.AF_INET:
                continue
            ip = ipaddress.IPv4Address(address)
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
                continue
            found.append(
                Candidate(address, interface, interface in defaults, is_virtual(interface))
            )

    def order(candidate: Candidate) -> tuple:
        ip = ipaddress.IPv4Address(candidate.address)
        return (candidate.virtual, not candidate.default_route, not ip.is_private, ip.packed)

    return sorted(found, key=order)


def default_route_interfaces(route_table: Path = Path("/proc/net/route")) -> set[str]:
    """Interfaces holding an IPv4 default route (Linux); empty where the table is not readable."""
    try:
        lines = route_table.read_text().splitlines()[1:]
    except OSError:
        return set()
    return {fields[0] for fields in (line.split() for line in lines) if fields[1:2] == ["00000000"]}


def candidates() -> list[Candidate]:
    """This computer's addresses that phones may open, the best first."""
    import psutil

    addresses = {
        name: [(entry.family, entry.address) for entry in entries]
        for name, entries in psutil.net_if_addrs().items()
    }
    up = {name: stats.isup for name, stats in psutil.net_if_stats().items()}
    return rank(addresses, up, default_route_interfaces())


class AddressChoiceError(ValueError):
    """The address asked for is neither an address nor an interface of this computer."""


def choose(found: list[Candidate], wanted: str | None) -> Candidate | None:
    """The address phones will use: the one asked for (an address or interface name), else the best.

    An address that is not this computer's is still accepted (a name the venue's DNS knows, an
    address forwarded by a router) and marked with the interface «?».
    """
    if not wanted:
        return found[0] if found else None
    for candidate in found:
        if wanted in (candidate.address, candidate.interface):
            return candidate
    if wanted in {c.interface for c in found} or _looks_like_interface(wanted):
        raise AddressChoiceError(wanted)
    return Candidate(wanted, "?")


def _looks_like_interface(value: str) -> bool:
    """A bare word without dots, like «wlan0»: meant as an interface name, not a host."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return "." not in value and ":" not in value
    return False
