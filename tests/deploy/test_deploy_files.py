"""The sample systemd unit and nginx site agree with what the app does."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from facilitator.config import Config
from facilitator.server import EXIT_CONFIG

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def unit() -> configparser.ConfigParser:
    """deploy/facilitator.service, parsed (systemd units are close enough to INI)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "facilitator.service")
    return parser


def seconds(value: str) -> int:
    """A systemd time span like 40s or 1min, in seconds."""
    match = re.fullmatch(r"(\d+)(s|min)?", value)
    assert match, value
    return int(match.group(1)) * (60 if match.group(2) == "min" else 1)


def test_systemd_gives_the_graceful_stop_more_time_than_its_grace():
    service = unit()["Service"]

    assert service["KillSignal"] == "SIGTERM"
    assert seconds(service["TimeoutStopSec"]) > int(Config.SHUTDOWN_GRACE_SECONDS) + 5


def test_systemd_does_not_restart_a_process_refusing_its_configuration():
    service = unit()["Service"]

    assert service["RestartPreventExitStatus"] == str(EXIT_CONFIG)
    assert service["Restart"] == "on-failure"
    assert service["ExecStart"].split()[1:3] == ["run", "--host"]
    assert service["EnvironmentFile"].startswith("/etc/")
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"


def test_the_https_site_redirects_hides_metrics_and_upgrades_websockets():
    site = (DEPLOY / "nginx-https.conf").read_text()

    assert "listen 443 ssl http2;" in site
    assert "return 301 https://$host$request_uri;" in site
    assert re.search(r"location = /metrics \{\s*return 404;", site)
    assert "Strict-Transport-Security" in site
    assert "proxy_set_header Upgrade $http_upgrade;" in site
    assert site.count("proxy_set_header X-Forwarded-Proto $scheme;") == 2
