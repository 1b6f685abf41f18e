"""The production path, run for real: settings from the environment, collectstatic with hashed and
compressed names, gunicorn serving the pages and whitenoise the static files."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

PROJECT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="campaign.conf.settings",
        DEBUG="0",
        SECRET_KEY="x7!qk2#pV9$zL4@mN8^rT1&wB6*yH3(dF5)gJ0-sC" + "a" * 20,
        ALLOWED_HOSTS="127.0.0.1,portal.example.org",
        CSRF_TRUSTED_ORIGINS="https://portal.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        CACHE_DIR=str(tmp_path / "cache"),
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True
    )


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    return urllib.request.urlopen(request, timeout=10)


@pytest.fixture
def gunicorn(tmp_path):
    env = production_env(tmp_path)
    for command in (["migrate", "--noinput"], ["load_decision"], ["collectstatic", "--noinput"]):
        result = manage(env, *command)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "campaign.conf.wsgi"],
        cwd=PROJECT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # wait for the server to listen, at most ~10 s
            try:
                _get(base + "/healthz")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode())
                time.sleep(0.1)
        yield base, tmp_path / "static"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_serves_the_decision_with_hashed_compressed_static_files(gunicorn):
    base, static_root = gunicorn

    assert _get(base + "/healthz").read() == b"ok"
    html = _get(base + reverse("documents:decision")).read().decode()
    assert "沪工总办〔2019〕60号" in html

    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert f'href="/static/{hashed}"' in html
    response = _get(f"{base}/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
