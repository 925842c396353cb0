"""The nginx sites pass `nginx -t`, and the HTTPS site really carries a request to the app."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.deploy.test_deploy_files import DEPLOY
from tests.live_server import free_port, live_servers  # noqa: F401  (fixture)
from tests.services import skip_or_fail

STATIC = DEPLOY.parent / "static"
HSTS = "max-age=31536000"


def nginx() -> str:
    """nginx's command, skipping (or failing under FACILITATOR_REQUIRE_SERVICES) without it."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found is None:
        skip_or_fail("nginx not installed (apt-get install nginx-light)")
    return found


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and its key, made with openssl."""
    if shutil.which("openssl") is None:
        skip_or_fail("openssl not installed (apt-get install openssl)")
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
    subprocess.run(
        [*command, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True
    )
    return cert, key


def configure(
    folder: Path, site_name: str, *, app_port: int, http_port: int, https_port: int = 0
) -> Path:
    """A minimal nginx.conf in the folder including the site, its placeholders filled in."""
    site = (DEPLOY / site_name).read_text()
    if https_port:
        cert, key = certificate(folder)
        site = site.replace("/etc/ssl/facilitator/fullchain.pem", str(cert))
        site = site.replace("/etc/ssl/facilitator/privkey.pem", str(key))
        site = site.replace("listen 443 ", f"listen 127.0.0.1:{https_port} ")
    for placeholder, value in (
        ("facilitator.example.org", "localhost"),
        ("server 127.0.0.1:5001;", f"server 127.0.0.1:{app_port};"),
        ("server 127.0.0.1:5002;", ""),  # one app process is enough here
        ("/opt/facilitator/static/", f"{STATIC}/"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
    ):
        assert placeholder in site, placeholder
        site = site.replace(placeholder, value)
    site = site.replace("/var/www/letsencrypt", str(folder / "acme"))  # the HTTPS site's
    # The machine running the tests may have no IPv6; the sample's [::] lines are for servers.
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (folder / "site.conf").write_text(site)
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = folder / "nginx.conf"
    config.write_text(
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {folder / 'access.log'};\n"
        f"{temp}\n"
        f"    include {folder / 'site.conf'};\n"
        "}\n"
    )
    return config


def nginx_test(config: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a configuration, its messages in the folder rather than /var/log."""
    folder = config.parent
    return subprocess.run(
        [nginx(), "-t", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("site_name", ["nginx-https.conf", "nginx.conf"])
def test_nginx_accepts_the_site(site_name, tmp_path):
    https_port = free_port() if "https" in site_name else 0
    config = configure(
        tmp_path, site_name, app_port=free_port(), http_port=free_port(), https_port=https_port
    )

    checked = nginx_test(config)

    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr


@pytest.fixture
def running_nginx(tmp_path) -> Iterator[callable]:
    """Start nginx on a configuration (in the foreground, its own process group); stop it after."""
    started: list[subprocess.Popen] = []

    def _start(config: Path, port: int) -> subprocess.Popen:
        folder = config.parent
        command = [nginx(), "-p", str(folder), "-e", str(folder / "error.log")]
        process = subprocess.Popen(
            [*command, "-c", str(config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        started.append(process)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read().decode()
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return process
            time.sleep(0.1)
        pytest.fail("nginx did not start listening")

    yield _start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGQUIT)  # graceful: workers finish and exit
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        process.stderr.close()


@pytest.mark.live
def test_a_request_through_the_https_site_reaches_the_app_with_hsts(
    live_servers,  # noqa: F811
    running_nginx,
    tmp_path,
):
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    live_servers.start(
        app_port,
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}", "FACILITATOR_PROXY_HOPS": "1"},
        tmp_path=tmp_path,
    )
    folder = tmp_path / "nginx"
    folder.mkdir()
    config = configure(
        folder, "nginx-https.conf", app_port=app_port, http_port=http_port, https_port=https_port
    )
    running_nginx(config, https_port)
    base = f"https://localhost:{https_port}"
    verify = str(folder / "fullchain.pem")

    health = requests.get(f"{base}/healthz", verify=verify, timeout=10)
    login = requests.get(f"{base}/login", verify=verify, timeout=10)
    metrics = requests.get(f"{base}/metrics", verify=verify, timeout=10)
    plain = requests.get(
        f"http://localhost:{http_port}/healthz?x=1", allow_redirects=False, timeout=10
    )

    assert health.status_code == 200, health.text
    assert HSTS in health.headers["Strict-Transport-Security"]
    assert health.headers.get("X-Request-ID")  # nginx's id, logged by the app
    assert login.status_code == 200
    # The app saw HTTPS through X-Forwarded-Proto: its cookies are Secure.
    assert "secure" in login.headers.get("Set-Cookie", "").lower(), login.headers
    assert metrics.status_code == 404
    assert plain.status_code == 301
    assert plain.headers["Location"] == "https://localhost/healthz?x=1"
