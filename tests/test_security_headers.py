"""Security headers and cookie flags: CSP everywhere, HSTS and Secure cookies only over HTTPS."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD, build_app
from tests.sessions.test_joining import registration

HTTPS_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


@pytest.fixture
def app(tmp_path, request):
    """The app; `behind_proxy` puts it behind one reverse proxy (FACILITATOR_PROXY_HOPS=1)."""
    hops = 1 if getattr(request, "param", None) == "behind a proxy" else 0
    app = build_app(f"sqlite:///{tmp_path / 'test.db'}", tmp_path, PROXY_HOPS=hops)
    with app.app_context():
        yield app


behind_proxy = pytest.mark.parametrize("app", ["behind a proxy"], indirect=True)


def _directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (item.strip() for item in policy.split(";"))
        if part
    }


def _walk_every_cookie_setting_page(app, moderator, session, headers=None) -> list[str]:
    """Log in remembered, switch language, register a phone, log out: every Set-Cookie."""
    headers = headers or {}
    browser = app.test_client()
    set_cookies: list[str] = []

    def collect(response):
        set_cookies.extend(response.headers.getlist("Set-Cookie"))
        return response

    collect(browser.get("/login?lang=en", headers=headers))
    collect(
        browser.post(
            "/login",
            data={"email": moderator.email, "password": PASSWORD, "remember": "y"},
            headers=headers,
        )
    )
    collect(browser.post("/logout", headers=headers))
    phone = app.test_client()
    collect(phone.post(f"/s/{session.join_code}/register", data=registration(), headers=headers))
    return set_cookies


def _names(set_cookies: list[str]) -> set[str]:
    return {header.split("=", 1)[0] for header in set_cookies}


@behind_proxy
def test_behind_https_every_cookie_is_secure_httponly_and_lax(app, make_session):
    session = make_session()
    set_cookies = _walk_every_cookie_setting_page(app, session.owner, session, HTTPS_PROXY)
    assert {"session", "facilitator_remember", "facilitator_lang", "facilitator_device"} <= (
        _names(set_cookies)
    )
    for header in set_cookies:
        assert "; Secure" in header, header
        assert "; HttpOnly" in header, header
        assert "SameSite=Lax" in header, header


def test_on_plain_http_cookies_are_not_secure_but_still_httponly(app, make_session):
    session = make_session()
    set_cookies = _walk_every_cookie_setting_page(app, session.owner, session)
    assert {"session", "facilitator_remember", "facilitator_lang", "facilitator_device"} <= (
        _names(set_cookies)
    )
    for header in set_cookies:
        assert "Secure" not in header, header
        assert "; HttpOnly" in header, header
        assert "SameSite=Lax" in header, header


def test_a_forwarded_https_header_without_a_proxy_configured_changes_nothing(app):
    response = app.test_client().get("/login?lang=en", headers=HTTPS_PROXY)
    assert "Strict-Transport-Security" not in response.headers
    assert all("Secure" not in h for h in response.headers.getlist("Set-Cookie"))


def test_the_https_setting_makes_cookies_secure_even_on_plain_requests(tmp_path):
    app = build_app(f"sqlite:///{tmp_path / 'https.db'}", tmp_path, HTTPS=True)
    with app.app_context():
        response = app.test_client().get("/login?lang=en")
    set_cookies = response.headers.getlist("Set-Cookie")
    assert "facilitator_lang" in _names(set_cookies)
    assert all("; Secure" in header for header in set_cookies)


def test_html_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/login")
    directives = _directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data: blob:"
    assert directives["connect-src"] == "'self' ws://localhost wss://localhost"
    assert directives["worker-src"] == "'self' blob:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def test_pages_refuse_frames_and_keep_referrers_on_the_site(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_error_pages_carry_the_policy_too(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers


def test_a_strange_host_header_stays_out_of_the_policy(client):
    response = client.get("/login", headers={"Host": "evil.example; script-src *"})
    policy = response.headers["Content-Security-Policy"]
    assert "evil" not in policy
    assert _directives(response)["script-src"] == "'self'"


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


@behind_proxy
def test_plain_http_behind_the_proxy_gets_no_secure_cookie_and_no_hsts(app):
    response = app.test_client().get("/login?lang=en", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in response.headers
    assert all("Secure" not in h for h in response.headers.getlist("Set-Cookie"))


@behind_proxy
def test_hsts_behind_https(app):
    response = app.test_client().get("/login", headers=HTTPS_PROXY)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert _directives(response)["connect-src"] == "'self' ws://localhost wss://localhost"


@pytest.mark.parametrize(
    "path",
    ["/\\evil.example", "/%5Cevil.example", "//evil.example", "/https://evil.example"],
)
def test_the_language_link_never_points_off_the_site(client, path):
    response = client.get(path, query_string={"lang": "en"})
    if response.status_code in (301, 302, 308):  # the router merges the slashes first
        assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")
        response = client.get(response.headers["Location"])
    html = response.get_data(as_text=True)
    assert 'hreflang="ru"' in html
    link = html.split('hreflang="ru"')[0].rsplit('href="', 1)[1].split('"', 1)[0]
    assert link.startswith("/") and not link.startswith("//")
    assert "\\" not in link and "%5C" not in link.upper()
    assert "evil.example" not in link or link.startswith("/https:")


def test_the_language_link_keeps_the_page_and_its_arguments(client):
    html = client.get("/join?lang=en&x=1").get_data(as_text=True)
    assert 'href="/join?lang=ru&amp;x=1"' in html


def test_templates_have_no_inline_style_or_script_the_policy_would_block():
    from facilitator import resource_dir

    offenders = []
    for template in sorted(resource_dir("templates").rglob("*.html")):
        html = template.read_text(encoding="utf-8")
        if re.search(r"\sstyle\s*=", html) or "<style" in html:
            offenders.append(f"{template.name}: inline style (use data-style or a CSS class)")
        for script in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in script and 'type="application/json"' not in script:
                offenders.append(f"{template.name}: inline script {script}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", html):
            offenders.append(f"{template.name}: inline event handler")
    assert offenders == []
