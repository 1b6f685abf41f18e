"""Real servers for the tests that need them: the portal under gunicorn with production settings,
and Redis (Debian's redis-server) for the shared cache. Each on a free loopback port, stopped when
the test ends.

`serve_gunicorn` and `serve_redis` start a server for a run and stop it after, and know nothing of
pytest: `make bench` and `make faults` start theirs with them too (bench needs the development
requirements anyway). `gunicorn` and `redis_server` are the tests' own: they set the site up
first, skip without redis-server, and fail the test when a server does not start."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment production runs with (DEBUG off), on a SQLite file of the test's own."""
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers: str):
    """A GET as the TLS proxy in front of gunicorn passes it on."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    return urllib.request.urlopen(request, timeout=10)


class ServerDidNotStart(RuntimeError):
    """A server stopped before it answered, or did not answer in time; says what it wrote."""


def _wait(ready, process: subprocess.Popen, *, up: bool = False, within: float = 10) -> None:
    """Until `ready()` passes, for at most `within` seconds; with `up`, any HTTP answer (even
    404) will do."""
    for _ in range(round(within * 10)):
        try:
            ready()
            return
        except urllib.error.HTTPError:
            if up:
                return
        except OSError:
            pass
        if process.poll() is not None:
            raise ServerDidNotStart(
                process.stderr.read().decode() if process.stderr else "it stopped"
            )
        time.sleep(0.1)
    raise ServerDidNotStart("the server did not start")


@contextlib.contextmanager
def serve_gunicorn(
    env: dict[str, str],
    *,
    workers: int,
    log: Path | None = None,
    ready_within: float = 10,
    ipv6: bool = False,
    **server_env: str,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """gunicorn as production runs it (deploy/gunicorn.conf.py: threaded workers, no control
    socket) on a free loopback port, with `env` and `server_env` (GUNICORN_TIMEOUT,
    GUNICORN_THREADS, DATABASE_URL, …) as its environment. Yields (base URL, process) once
    /healthz answers at all (503 too: the database may be out); stopped after. Its log goes to
    `log`, else to a pipe that `ServerDidNotStart` reports from."""
    port = free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "campaign.conf.wsgi"],
        cwd=PROJECT,
        env={
            **env,
            # With `ipv6`, IPv6's loopback too, on the same port, as deploy/gunicorn.conf.py
            # takes a list of addresses.
            "GUNICORN_BIND": f"127.0.0.1:{port}" + (f" [::1]:{port}" if ipv6 else ""),
            "GUNICORN_WORKERS": str(workers),
            **server_env,
        },
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb") if log else subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: get(base + "/healthz"), server, up=True, within=ready_within)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)  # gunicorn's own graceful_timeout


@contextlib.contextmanager
def serve_redis() -> Iterator[str]:
    """A throwaway Redis (nothing saved to disk) on a free loopback port. Yields its URL once it
    answers PING; stopped after."""
    port = free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def ping():
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                raise OSError("not ready")

    try:
        _wait(ping, server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _started(stack: contextlib.ExitStack, server: contextlib.AbstractContextManager):
    """What `server` yields, once started in `stack`; a server that does not start fails the
    test."""
    try:
        return stack.enter_context(server)
    except ServerDidNotStart as error:
        pytest.fail(str(error))


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    workers: int = 1,
    log: Path | None = None,
    ipv6: bool = False,
    **server_env,
):
    """The portal as production serves it (deploy/gunicorn.conf.py), set up from nothing:
    migrate, load_decision, collectstatic. Yields its base URL. `server_env` changes only the
    server's environment (not the set-up's); `log` receives its log."""
    for command in (["migrate", "--noinput"], ["load_decision"], ["collectstatic", "--noinput"]):
        result = manage(env, *command)
        assert result.returncode == 0, result.stderr
    with contextlib.ExitStack() as stack:
        base, _server = _started(
            stack, serve_gunicorn(env, workers=workers, log=log, ipv6=ipv6, **server_env)
        )
        yield base


@contextlib.contextmanager
def redis_server():
    """A throwaway Redis (nothing saved to disk). Yields its URL. Without redis-server the test
    skips, unless REQUIRE_REDIS is set (CI installs it and sets it)."""
    if shutil.which("redis-server") is None:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed, and REQUIRE_REDIS is set")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with contextlib.ExitStack() as stack:
        yield _started(stack, serve_redis())
