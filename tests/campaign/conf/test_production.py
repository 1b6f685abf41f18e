"""The production path, run for real: settings from the environment, collectstatic with hashed and
compressed names, gunicorn serving the pages and whitenoise the static files."""

import json
import re

import pytest

from tests.servers import PROJECT, get, gunicorn, manage, production_env


def test_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]

    result = manage(env, "check")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_refuses_a_malformed_boolean_setting(tmp_path):
    result = manage(production_env(tmp_path, DEBUG="maybe"), "check")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_accounts_are_refused_in_production(tmp_path):
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--noinput").returncode == 0

    result = manage(env, "load_demo")

    assert result.returncode != 0
    assert "refusing with DEBUG off" in result.stderr


@pytest.fixture
def served(tmp_path):
    with gunicorn(production_env(tmp_path)) as base:
        yield base, tmp_path / "static"


def test_gunicorn_serves_the_decision_with_hashed_compressed_static_files(served):
    base, static_root = served

    assert get(base + "/healthz").read() == b"ok"
    html = get(base + "/c/li-bin-2019/decision/").read().decode()
    assert "沪工总办〔2019〕60号" in html

    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert f'href="/static/{hashed}"' in html
    response = get(f"{base}/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


def test_the_server_answers_on_ipv6_as_on_ipv4(tmp_path):
    """The recommended deployment listens on IPv4 and IPv6 (deploy/nginx.conf, and gunicorn
    takes a list of addresses): the same page on 127.0.0.1 and on ::1."""
    env = production_env(tmp_path, ALLOWED_HOSTS="127.0.0.1,[::1],portal.example.org")
    with gunicorn(env, ipv6=True) as base:
        on_ipv6 = base.replace("127.0.0.1", "[::1]")
        answers = [get(url + "/c/li-bin-2019/decision/") for url in (base, on_ipv6)]
        pages = [answer.read().decode() for answer in answers]

    assert [answer.status for answer in answers] == [200, 200]
    assert all("沪工总办〔2019〕60号" in page for page in pages)
    nginx = (PROJECT / "deploy" / "nginx.conf").read_text()
    assert "listen [::]:443 ssl;" in nginx and "listen [::]:80;" in nginx


def test_favicon_ico_is_the_portals_icon_served_by_whitenoise(served):
    base, _static_root = served

    response = get(base + "/favicon.ico")  # followed to the static file

    assert re.search(r"/static/favicon\.[0-9a-f]{12}\.ico$", response.url)
    assert response.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_carries_the_security_headers_an_observatory_grades(served):
    """What Mozilla Observatory grades A+: CSP with the site's own scripts only, no framing,
    HSTS with preload, no sniffing, a strict referrer, no unused browser features."""
    base, _static_root = served

    headers = get(base + "/c/li-bin-2019/decision/").headers

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == "'none'"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
