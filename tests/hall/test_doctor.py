"""`facilitator doctor`: addresses, the port, the answer on the network, the firewall."""

from __future__ import annotations

import socket

import pytest

from facilitator.hall import doctor
from facilitator.hall.addresses import Candidate
from facilitator.hall.doctor import Mark, PortState
from tests.live_server import free_port

UFW_ACTIVE = """Status: active

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW       Anywhere
5000/tcp                   ALLOW       Anywhere
"""


def test_a_free_port_is_free():
    assert doctor.port_state(free_port()) is PortState.free


def test_a_port_held_by_another_program_is_taken():
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        assert doctor.port_state(other.getsockname()[1]) is PortState.other


def test_a_running_facilitator_is_recognised_and_its_answer_checked(live_servers, tmp_path):
    port = free_port()
    live_servers.start(port, {}, async_mode="threading", tmp_path=tmp_path)
    assert doctor.port_state(port) is PortState.facilitator
    assert doctor.answers(f"http://127.0.0.1:{port}")
    # Listening on 127.0.0.1 only, it does not answer on another address of the machine.
    elsewhere = Candidate("127.0.0.2", "lo")
    findings = doctor.reach_findings(PortState.facilitator, elsewhere, port)
    assert findings[0].mark is Mark.problem
    assert "--hall" in findings[0].text


def test_a_server_on_every_interface_answers_on_another_address(live_servers, tmp_path, app):
    port = free_port()
    live_servers.start(port, {}, async_mode="threading", tmp_path=tmp_path, args=("--hall",))
    findings = doctor.reach_findings(PortState.facilitator, Candidate("127.0.0.2", "lo"), port)
    assert findings[0].mark is Mark.ok
    assert f"http://127.0.0.2:{port}/" in findings[0].text


def fake_run(outputs: dict[str, tuple[int, str]]):
    def run(command: list[str]) -> tuple[int, str]:
        return outputs[" ".join(command)]

    return run


def ufw_only(name: str) -> str | None:
    return "/usr/sbin/ufw" if name == "ufw" else None


def firewalld_only(name: str) -> str | None:
    return "/usr/bin/firewall-cmd" if name == "firewall-cmd" else None


def test_ufw_allowing_the_port_is_fine_and_blocking_it_gives_the_command(app):
    run = fake_run({"ufw status": (0, UFW_ACTIVE)})
    allowed = doctor.firewall_findings(5000, "Linux", ufw_only, run)
    assert [f.mark for f in allowed] == [Mark.ok]
    blocked = doctor.firewall_findings(5001, "Linux", ufw_only, run)
    assert blocked[0].mark is Mark.problem
    assert "sudo ufw allow 5001/tcp" in blocked[0].text
    assert "Брандмауэр ufw включён и не пропускает порт 5001" in blocked[0].text


def test_ufw_off_or_unreadable_without_root(app):
    off = fake_run({"ufw status": (0, "Status: inactive\n")})
    assert doctor.firewall_findings(5000, "Linux", ufw_only, off)[0].mark is Mark.ok
    denied = fake_run({"ufw status": (1, "ERROR: You need to be root to run this script\n")})
    hint = doctor.firewall_findings(5000, "Linux", ufw_only, denied)[0]
    assert hint.mark is Mark.hint and "sudo ufw allow 5000/tcp" in hint.text


def test_firewalld_running_without_the_port_gives_the_command(app):
    run = fake_run(
        {
            "firewall-cmd --state": (0, "running\n"),
            "firewall-cmd --list-ports": (0, "8080/tcp\n"),
        }
    )
    finding = doctor.firewall_findings(5000, "Linux", firewalld_only, run)[0]
    assert finding.mark is Mark.problem
    assert "sudo firewall-cmd --add-port=5000/tcp" in finding.text
    assert "Брандмауэр firewalld включён и может не пропустить порт 5000" in finding.text
    opened = fake_run(
        {"firewall-cmd --state": (0, "running\n"), "firewall-cmd --list-ports": (0, "5000/tcp")}
    )
    assert doctor.firewall_findings(5000, "Linux", firewalld_only, opened)[0].mark is Mark.ok


def test_windows_and_macos_get_their_firewall_advice(app):
    assert "Защитника Windows" in doctor.firewall_findings(5000, "Windows")[0].text
    assert "macOS" in doctor.firewall_findings(5000, "Darwin")[0].text


def doctor_cli(app, *args: str):
    return app.test_cli_runner().invoke(args=["doctor", *args])


def test_doctor_reports_a_free_port_in_english(app):
    port = free_port()
    result = doctor_cli(app, "--port", str(port), "--lang", "en")
    assert "Can phones in the hall reach this computer?" in result.output
    assert f"Port {port} is free" in result.output
    assert "Firewall" in result.output


def test_doctor_fails_on_a_port_taken_by_another_program_in_russian(app):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = doctor_cli(app, "--port", str(port), "--lang", "ru")
    assert result.exit_code == 1
    assert f"Порт {port} занят другой программой" in result.output
    assert f"--port {port + 1}" in result.output
    assert "Что исправить до начала сессии: 1." in result.output


def test_doctor_refuses_an_interface_this_computer_does_not_have(app):
    result = doctor_cli(app, "--address", "wlan9", "--lang", "en")
    assert result.exit_code != 0
    assert "no address or network interface wlan9" in result.output


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_doctor_lists_this_computers_addresses(app, lang):
    from facilitator.hall.addresses import candidates

    result = doctor_cli(app, "--port", str(free_port()), "--lang", lang)
    found = candidates()
    if found:
        assert found[0].describe() in result.output
    else:
        assert result.exit_code == 1
