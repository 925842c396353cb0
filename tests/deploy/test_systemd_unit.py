"""The sample systemd unit passes `systemd-analyze verify` as an instance of the template."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.deploy.test_deploy_files import DEPLOY
from tests.live_server import facilitator_command

INSTALLED = "/opt/facilitator/venv/bin/facilitator"


def test_systemd_analyze_verifies_the_unit_without_a_warning(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed (it comes with systemd)")
    executable = facilitator_command()[0]
    unit = (DEPLOY / "facilitator.service").read_text()
    assert INSTALLED in unit
    # verify checks that ExecStart's program exists: point it at this checkout's.
    (tmp_path / "facilitator@.service").write_text(unit.replace(INSTALLED, executable))

    checked = subprocess.run(
        [analyze, "verify", str(tmp_path / "facilitator@5001.service")],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert checked.returncode == 0, checked.stderr
    assert checked.stdout + checked.stderr == ""
