"""Finding the address phones open among this computer's interfaces."""

from __future__ import annotations

import shutil
import socket
import subprocess

import pytest

from facilitator.hall import addresses
from facilitator.hall.addresses import AddressChoiceError, Candidate, choose, rank

V4 = socket.AF_INET
V6 = socket.AF_INET6


def test_the_default_routes_interface_comes_first():
    found = rank(
        {"eth0": [(V4, "10.0.0.5")], "wlan0": [(V4, "192.168.1.23")]},
        {"eth0": True, "wlan0": True},
        default_interfaces={"wlan0"},
    )
    assert [c.address for c in found] == ["192.168.1.23", "10.0.0.5"]
    assert found[0].default_route


def test_private_networks_come_before_public_addresses_without_a_default_route():
    found = rank(
        {"eth1": [(V4, "198.51.100.7")], "wlan0": [(V4, "172.20.4.2")]},
        {"eth1": True, "wlan0": True},
    )
    assert [c.interface for c in found] == ["wlan0", "eth1"]


def test_container_vm_and_vpn_interfaces_come_last_even_with_the_default_route():
    found = rank(
        {
            "docker0": [(V4, "172.17.0.1")],
            "tun0": [(V4, "10.8.0.2")],
            "wg0": [(V4, "10.9.0.2")],
            "wlp2s0": [(V4, "192.168.0.104")],
        },
        {"docker0": True, "tun0": True, "wg0": True, "wlp2s0": True},
        default_interfaces={"tun0"},
    )
    assert found[0] == Candidate("192.168.0.104", "wlp2s0")
    assert {c.interface for c in found[1:]} == {"docker0", "tun0", "wg0"}
    assert all(c.virtual for c in found[1:])


def test_loopback_link_local_ipv6_and_down_interfaces_are_left_out():
    found = rank(
        {
            "lo": [(V4, "127.0.0.1"), (V6, "::1")],
            "eth0": [(V4, "169.254.10.3"), (V6, "fe80::1")],
            "wlan0": [(V4, "192.168.1.23"), (V6, "fd00::23")],
            "eth1": [(V4, "10.0.0.5")],
        },
        {"lo": True, "eth0": True, "wlan0": True, "eth1": False},
    )
    assert found == [Candidate("192.168.1.23", "wlan0")]


def test_the_default_route_is_read_from_the_linux_route_table(tmp_path):
    table = tmp_path / "route"
    table.write_text(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
        "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\n"
        "wlan0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\n"
        "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\n"
    )
    assert addresses.default_route_interfaces(table) == {"wlan0"}
    assert addresses.default_route_interfaces(tmp_path / "missing") == set()


FOUND = [Candidate("192.168.1.23", "wlan0", True), Candidate("10.8.0.2", "tun0", virtual=True)]


def test_choose_takes_the_best_unless_an_address_or_interface_is_named():
    assert choose(FOUND, None) == FOUND[0]
    assert choose(FOUND, "tun0") == FOUND[1]
    assert choose(FOUND, "10.8.0.2") == FOUND[1]
    assert choose([], None) is None


def test_choose_accepts_an_address_that_is_not_this_computers_but_not_an_unknown_interface():
    assert choose(FOUND, "hall.school.local") == Candidate("hall.school.local", "?")
    with pytest.raises(AddressChoiceError):
        choose(FOUND, "eth7")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.1:5000", True),
        ("localhost:5000", True),
        ("[::1]:5000", True),
        ("::1", True),
        ("192.168.1.23:5000", False),
        ("hall.school.local", False),
        ("0.0.0.0", False),
    ],
)
def test_is_loopback_reads_hosts_with_and_without_ports(host, loopback):
    assert addresses.is_loopback(host) is loopback


def test_wildcards_mean_every_interface():
    assert addresses.is_wildcard("0.0.0.0")
    assert addresses.is_wildcard("::")
    assert not addresses.is_wildcard("127.0.0.1")


def test_candidates_are_the_ipv4_addresses_iproute2_lists_for_interfaces_that_are_up():
    """Cross-checked against `ip`, an independent reading of the same kernel tables."""
    if shutil.which("ip") is None:
        pytest.skip("iproute2 is not installed")
    listing = subprocess.run(
        ["ip", "-4", "-o", "addr", "show", "up"], capture_output=True, text=True, check=True
    ).stdout
    expected = set()
    for line in listing.splitlines():
        fields = line.split()
        address = fields[3].split("/")[0]
        if not address.startswith(("127.", "169.254.")):
            expected.add(address)
    assert {c.address for c in addresses.candidates()} == expected
